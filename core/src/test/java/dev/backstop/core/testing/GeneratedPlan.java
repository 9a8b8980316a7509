package dev.backstop.core.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A plan generated on the fly, never held in memory: {@code unchanged} no-op resources in resource_changes and the
 * same again in prior_state, then one destroyed database. Used to show that memory does not grow with plan size.
 */
public final class GeneratedPlan extends InputStream {
    private static final String PADDING = "x".repeat(400);
    private final int unchanged;
    private int section;
    private int index;
    private byte[] chunk = new byte[0];
    private int position;

    public GeneratedPlan(int unchanged) {
        this.unchanged = unchanged;
    }

    @Override
    public int read() {
        if (position == chunk.length && !refill()) {
            return -1;
        }
        return chunk[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position == chunk.length && !refill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    private boolean refill() {
        String next = next();
        if (next == null) {
            return false;
        }
        chunk = next.getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }

    private String next() {
        switch (section) {
            case 0:
                section = 1;
                return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\",\"planned_values\":{\"root_module\":{}},\"resource_changes\":[";
            case 1:
                if (index < unchanged) {
                    int n = index++;
                    String values = "{\"name\":\"sg-" + n + "\",\"description\":\"" + PADDING + "\",\"tags\":{\"n\":\"" + n + "\"}}";
                    return "{\"address\":\"aws_security_group.sg[" + n + "]\",\"mode\":\"managed\",\"type\":\"aws_security_group\","
                            + "\"name\":\"sg\",\"index\":" + n + ",\"provider_name\":\"registry.terraform.io/hashicorp/aws\","
                            + "\"change\":{\"actions\":[\"no-op\"],\"before\":" + values + ",\"after\":" + values
                            + ",\"after_unknown\":{},\"before_sensitive\":{},\"after_sensitive\":{}}},";
                }
                section = 2;
                index = 0;
                return "{\"address\":\"aws_db_instance.orders\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"orders\","
                        + "\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":[\"delete\"],"
                        + "\"before\":{\"identifier\":\"orders\"},\"after\":null,\"after_unknown\":{}}}],"
                        + "\"prior_state\":{\"values\":{\"root_module\":{\"resources\":[";
            case 2:
                if (index < unchanged) {
                    return (index == 0 ? "" : ",") + "{\"address\":\"aws_security_group.sg[" + index++ + "]\",\"values\":{\"description\":\"" + PADDING + "\"}}";
                }
                section = 3;
                return "]}}},\"timestamp\":\"2026-11-02T10:15:00Z\",\"applyable\":true,\"complete\":true,\"errored\":false}";
            default:
                return null;
        }
    }
}
