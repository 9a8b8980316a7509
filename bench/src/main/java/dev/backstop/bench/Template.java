package dev.backstop.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A kind of resource the generator writes: its type, provider, the shape and size of its attribute values, which of
 * them are sensitive, and its block in {@code configuration}. Sizes follow what these resources carry in real
 * plans: a security group rule is a few hundred bytes, an instance with user data or an IAM policy a few KB.
 */
abstract class Template {
    enum Provider {
        AWS("aws", "registry.terraform.io/hashicorp/aws"),
        GOOGLE("google", "registry.terraform.io/hashicorp/google"),
        AZURERM("azurerm", "registry.terraform.io/hashicorp/azurerm"),
        KUBERNETES("kubernetes", "registry.terraform.io/hashicorp/kubernetes");

        final String key;
        final String source;

        Provider(String key, String source) {
            this.key = key;
            this.source = source;
        }
    }

    /** The sensitivity mask most resources have: only their tags map, with nothing sensitive in it. */
    static final Map<String, Object> TAGS = ordered("tags", Map.of());

    final String type;
    final String name;
    final Provider provider;
    final int schemaVersion;
    /** The sensitivity mask, the same for before, after and state's sensitive_values. */
    private final Map<String, Object> sensitive;

    Template(String type, String name, Provider provider, int schemaVersion, Map<String, Object> sensitive) {
        this.type = type;
        this.name = name;
        this.provider = provider;
        this.schemaVersion = schemaVersion;
        this.sensitive = sensitive;
    }

    /** Attribute values of one instance; {@code suffix} makes names unique. */
    abstract Map<String, Object> values(SplittableRandom random, int position, String suffix);

    /** The sensitivity mask (same for before, after and state's sensitive_values). */
    final void writeSensitive(JsonGenerator json) throws IOException {
        Values.write(json, sensitive);
    }

    /** A map that keeps the order its keys are given in, as the written JSON does: key, value, key, value... */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Expressions of the configuration block: attribute → a constant or a list of references. */
    abstract Map<String, Object> expressions();

    void writeConfiguration(JsonGenerator json, String blockName, int count) throws IOException {
        json.writeStartObject();
        json.writeStringField("address", type + "." + blockName);
        json.writeStringField("mode", "managed");
        json.writeStringField("type", type);
        json.writeStringField("name", blockName);
        json.writeStringField("provider_config_key", provider.key);
        json.writeFieldName("expressions");
        json.writeStartObject();
        for (Map.Entry<String, Object> expression : expressions().entrySet()) {
            json.writeFieldName(expression.getKey());
            json.writeStartObject();
            if (expression.getValue() instanceof References references) {
                json.writeFieldName("references");
                json.writeStartArray();
                for (String reference : references.list()) {
                    json.writeString(reference);
                }
                json.writeEndArray();
            } else {
                json.writeFieldName("constant_value");
                Values.write(json, expression.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeNumberField("schema_version", schemaVersion);
        json.writeFieldName("count_expression");
        json.writeStartObject();
        json.writeNumberField("constant_value", count);
        json.writeEndObject();
        json.writeEndObject();
    }

    record References(List<String> list) {
        static References of(String... references) {
            return new References(List.of(references));
        }
    }

    // ---- helpers for realistic values ----

    static String hex(SplittableRandom random, int digits) {
        StringBuilder text = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    static String ip(SplittableRandom random) {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    static String base64(SplittableRandom random, int bytes) {
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = (byte) random.nextInt(32, 127);
        }
        return Base64.getEncoder().encodeToString(data);
    }

    static Map<String, Object> tags(SplittableRandom random, String name) {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("Name", name);
        tags.put("environment", "production");
        tags.put("team", TEAMS[random.nextInt(TEAMS.length)]);
        tags.put("cost_center", "cc-" + random.nextInt(1000, 9999));
        return tags;
    }

    private static final String[] TEAMS = {"payments", "search", "identity", "platform", "growth", "data"};
    private static final String[] ACTIONS = {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "sqs:SendMessage",
        "sqs:ReceiveMessage", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "kms:Decrypt",
        "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents", "secretsmanager:GetSecretValue"};

    static String policyDocument(SplittableRandom random, String account) {
        StringBuilder doc = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        int statements = random.nextInt(1, 3);
        for (int s = 0; s < statements; s++) {
            if (s > 0) {
                doc.append(',');
            }
            doc.append("{\"Sid\":\"Stmt").append(hex(random, 8)).append("\",\"Effect\":\"Allow\",\"Action\":[");
            int actions = random.nextInt(1, 6);
            for (int a = 0; a < actions; a++) {
                doc.append(a == 0 ? "" : ",").append('"').append(ACTIONS[random.nextInt(ACTIONS.length)]).append('"');
            }
            doc.append("],\"Resource\":[\"arn:aws:s3:::data-").append(account).append("-").append(hex(random, 6))
                    .append("/*\"]}");
        }
        return doc.append("]}").toString();
    }

    static <T> Map<String, T> map() {
        return new LinkedHashMap<>();
    }

    static List<Object> list(Object... values) {
        return new ArrayList<>(List.of(values));
    }

    // ---- the templates ----

    static final Template AWS_INSTANCE = new Template("aws_instance", "web", Provider.AWS, 1, TAGS) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("ami", "ami-" + hex(r, 17));
            v.put("arn", "arn:aws:ec2:eu-west-1:123456789012:instance/i-" + hex(r, 17));
            v.put("associate_public_ip_address", false);
            v.put("availability_zone", "eu-west-1" + "abc".charAt(r.nextInt(3)));
            v.put("disable_api_termination", false);
            v.put("ebs_optimized", true);
            v.put("iam_instance_profile", "web-" + suffix);
            v.put("id", "i-" + hex(r, 17));
            v.put("instance_type", "m6i." + (r.nextBoolean() ? "large" : "xlarge"));
            v.put("key_name", null);
            v.put("metadata_options", list(ordered("http_endpoint", "enabled", "http_put_response_hop_limit", 2,
                    "http_tokens", "required", "instance_metadata_tags", "disabled")));
            v.put("monitoring", true);
            v.put("private_dns", "ip-10-0-0-1.eu-west-1.compute.internal");
            v.put("private_ip", ip(r));
            v.put("root_block_device", list(ordered("delete_on_termination", true, "encrypted", true, "iops", 3000,
                    "throughput", 125, "volume_id", "vol-" + hex(r, 17), "volume_size", 50, "volume_type", "gp3")));
            v.put("subnet_id", "subnet-" + hex(r, 17));
            v.put("tags", tags(r, "web-" + suffix));
            v.put("tenancy", "default");
            v.put("user_data_base64", r.nextInt(10) < 1 ? base64(r, r.nextInt(300, 2000)) : null);
            v.put("vpc_security_group_ids", list("sg-" + hex(r, 17), "sg-" + hex(r, 17)));
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("ami", References.of("data.aws_ami.base.id", "data.aws_ami.base"));
            e.put("instance_type", References.of("var.instance_type"));
            e.put("subnet_id", References.of("var.subnet_ids", "count.index"));
            e.put("vpc_security_group_ids", References.of("aws_security_group_rule.ingress.security_group_id"));
            e.put("tags", References.of("local.tags"));
            return e;
        }
    };

    static final Template SG_RULE = new Template("aws_security_group_rule", "ingress", Provider.AWS, 2, Map.of()) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("cidr_blocks", list("10." + r.nextInt(256) + ".0.0/16"));
            v.put("description", "allow service traffic " + suffix);
            v.put("from_port", 443);
            v.put("id", "sgrule-" + r.nextInt(1_000_000_000));
            v.put("ipv6_cidr_blocks", null);
            v.put("prefix_list_ids", null);
            v.put("protocol", "tcp");
            v.put("security_group_id", "sg-" + hex(r, 17));
            v.put("security_group_rule_id", "sgr-" + hex(r, 17));
            v.put("self", false);
            v.put("source_security_group_id", null);
            v.put("to_port", 443);
            v.put("type", "ingress");
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("from_port", 443);
            e.put("to_port", 443);
            e.put("protocol", "tcp");
            e.put("security_group_id", References.of("var.security_group_id"));
            return e;
        }
    };

    static final Template IAM_POLICY = new Template("aws_iam_role_policy", "access", Provider.AWS, 0, Map.of()) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("id", "svc-" + suffix + ":access");
            v.put("name", "access");
            v.put("name_prefix", null);
            v.put("policy", policyDocument(r, suffix));
            v.put("role", "svc-" + suffix);
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("policy", References.of("data.aws_iam_policy_document.access.json", "data.aws_iam_policy_document.access"));
            e.put("role", References.of("aws_iam_role.service.id", "aws_iam_role.service"));
            return e;
        }
    };

    static final Template IAM_ATTACHMENT = new Template("aws_iam_role_policy_attachment", "managed", Provider.AWS, 0,
            Map.of()) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("id", "svc-" + suffix + "-" + hex(r, 20));
            v.put("policy_arn", "arn:aws:iam::aws:policy/" + MANAGED[r.nextInt(MANAGED.length)]);
            v.put("role", "svc-" + suffix);
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("policy_arn", References.of("each.value"));
            e.put("role", References.of("aws_iam_role.service.name", "aws_iam_role.service"));
            return e;
        }
    };

    private static final String[] MANAGED = {"CloudWatchAgentServerPolicy", "AmazonSSMManagedInstanceCore",
        "AWSXRayDaemonWriteAccess", "service-role/AWSLambdaBasicExecutionRole"};

    static final Template S3_BUCKET = new Template("aws_s3_bucket", "assets", Provider.AWS, 0, TAGS) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            String bucket = name + "-" + suffix + "-" + hex(r, 8);
            Map<String, Object> v = map();
            v.put("acceleration_status", "");
            v.put("arn", "arn:aws:s3:::" + bucket);
            v.put("bucket", bucket);
            v.put("bucket_domain_name", bucket + ".s3.amazonaws.com");
            v.put("bucket_prefix", "");
            v.put("bucket_regional_domain_name", bucket + ".s3.eu-west-1.amazonaws.com");
            v.put("force_destroy", false);
            v.put("hosted_zone_id", "Z1BKCTXD74EZPE");
            v.put("id", bucket);
            v.put("object_lock_enabled", false);
            v.put("region", "eu-west-1");
            v.put("request_payer", "BucketOwner");
            v.put("server_side_encryption_configuration", list(ordered("rule", list(ordered(
                    "apply_server_side_encryption_by_default", list(ordered("kms_master_key_id", "", "sse_algorithm", "AES256")),
                    "bucket_key_enabled", false)))));
            v.put("tags", tags(r, bucket));
            v.put("versioning", list(ordered("enabled", true, "mfa_delete", false)));
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("bucket", References.of("local.bucket_name"));
            e.put("tags", References.of("local.tags"));
            return e;
        }
    };

    static final Template ROUTE53 = new Template("aws_route53_record", "service", Provider.AWS, 2,
            ordered("records", List.of(false, false))) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("alias", list());
            v.put("fqdn", "svc-" + suffix + ".internal.example.com");
            v.put("health_check_id", "");
            v.put("id", "Z0" + hex(r, 12).toUpperCase() + "_svc-" + suffix + ".internal.example.com_A");
            v.put("name", "svc-" + suffix + ".internal.example.com");
            v.put("records", list(ip(r), ip(r)));
            v.put("ttl", 300);
            v.put("type", "A");
            v.put("zone_id", "Z0" + hex(r, 12).toUpperCase());
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("name", References.of("local.fqdn"));
            e.put("records", References.of("aws_instance.web.private_ip", "aws_instance.web"));
            e.put("ttl", 300);
            e.put("type", "A");
            e.put("zone_id", References.of("var.zone_id"));
            return e;
        }
    };

    static final Template LAMBDA = new Template("aws_lambda_function", "worker", Provider.AWS, 0,
            ordered("environment", List.of(ordered("variables", true)), "tags", Map.of())) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> env = map();
            for (int i = 0; i < r.nextInt(2, 7); i++) {
                env.put("SETTING_" + i, hex(r, r.nextInt(8, 64)));
            }
            Map<String, Object> v = map();
            v.put("architectures", list("arm64"));
            v.put("arn", "arn:aws:lambda:eu-west-1:123456789012:function:worker-" + suffix);
            v.put("environment", list(ordered("variables", env)));
            v.put("function_name", "worker-" + suffix);
            v.put("handler", "index.handler");
            v.put("id", "worker-" + suffix);
            v.put("last_modified", "2026-10-30T08:12:44.000+0000");
            v.put("memory_size", 512);
            v.put("role", "arn:aws:iam::123456789012:role/worker-" + suffix);
            v.put("runtime", "nodejs20.x");
            v.put("source_code_hash", base64(r, 32));
            v.put("tags", tags(r, "worker-" + suffix));
            v.put("timeout", 30);
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("function_name", References.of("local.name"));
            e.put("role", References.of("aws_iam_role.service.arn", "aws_iam_role.service"));
            e.put("runtime", "nodejs20.x");
            return e;
        }
    };

    static final Template REPLICATION = new Template("aws_s3_bucket_replication_configuration", "replica", Provider.AWS, 0,
            ordered("token", true)) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("bucket", "assets-" + suffix);
            v.put("id", "assets-" + suffix);
            v.put("role", "arn:aws:iam::123456789012:role/replication");
            v.put("rule", list(ordered("destination", list(ordered("bucket", "arn:aws:s3:::replica-" + suffix,
                    "storage_class", "STANDARD_IA")), "id", "all", "status", "Enabled")));
            v.put("token", null);
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("bucket", References.of("aws_s3_bucket.assets.id", "aws_s3_bucket.assets"));
            e.put("rule", References.of("aws_s3_bucket.replica.arn", "aws_s3_bucket.replica"));
            return e;
        }
    };

    static final Template GCE = new Template("google_compute_instance", "node", Provider.GOOGLE, 6,
            ordered("metadata", Map.of())) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> labels = map();
            labels.put("team", TEAMS[r.nextInt(TEAMS.length)]);
            labels.put("env", "production");
            Map<String, Object> v = map();
            v.put("boot_disk", list(ordered("auto_delete", true, "device_name", "persistent-disk-0",
                    "initialize_params", list(ordered("image", "projects/debian-cloud/global/images/debian-12-bookworm-v20261010",
                            "size", 20, "type", "pd-balanced")), "mode", "READ_WRITE")));
            v.put("can_ip_forward", false);
            v.put("deletion_protection", false);
            v.put("id", "projects/acme-prod/zones/europe-west1-b/instances/node-" + suffix);
            v.put("instance_id", String.valueOf(r.nextLong(1_000_000_000_000L, 9_000_000_000_000L)));
            v.put("labels", labels);
            v.put("machine_type", "e2-standard-4");
            v.put("metadata", ordered("startup-script", base64(r, r.nextInt(30, 250))));
            v.put("name", "node-" + suffix);
            v.put("network_interface", list(ordered("network", "default", "network_ip", ip(r),
                    "subnetwork", "projects/acme-prod/regions/europe-west1/subnetworks/default")));
            v.put("self_link", "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/europe-west1-b/instances/node-" + suffix);
            v.put("service_account", list(ordered("email", "node@acme-prod.iam.gserviceaccount.com",
                    "scopes", list("https://www.googleapis.com/auth/cloud-platform"))));
            v.put("tags", list("node", "internal"));
            v.put("zone", "europe-west1-b");
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("machine_type", "e2-standard-4");
            e.put("name", References.of("local.name", "count.index"));
            e.put("zone", References.of("var.zone"));
            return e;
        }
    };

    static final Template GCP_FIREWALL = new Template("google_compute_firewall", "allow", Provider.GOOGLE, 1,
            Map.of()) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("allow", list(ordered("ports", list("443", "8443"), "protocol", "tcp")));
            v.put("description", "service ingress " + suffix);
            v.put("direction", "INGRESS");
            v.put("disabled", false);
            v.put("id", "projects/acme-prod/global/firewalls/allow-" + suffix);
            v.put("name", "allow-" + suffix);
            v.put("network", "projects/acme-prod/global/networks/default");
            v.put("priority", 1000);
            v.put("source_ranges", list("10.0.0.0/8"));
            v.put("target_tags", list("node"));
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("network", References.of("var.network"));
            e.put("direction", "INGRESS");
            return e;
        }
    };

    static final Template AZURE_NSG_RULE = new Template("azurerm_network_security_rule", "rule", Provider.AZURERM, 0,
            Map.of()) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("access", "Allow");
            v.put("description", "");
            v.put("destination_address_prefix", "*");
            v.put("destination_port_range", "443");
            v.put("direction", "Inbound");
            v.put("id", "/subscriptions/" + hex(r, 8) + "-0000-0000-0000-" + hex(r, 12)
                    + "/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/rule-" + suffix);
            v.put("name", "rule-" + suffix);
            v.put("network_security_group_name", "nsg");
            v.put("priority", 100 + r.nextInt(3000));
            v.put("protocol", "Tcp");
            v.put("resource_group_name", "rg-prod");
            v.put("source_address_prefix", "VirtualNetwork");
            v.put("source_port_range", "*");
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("resource_group_name", References.of("var.resource_group"));
            e.put("access", "Allow");
            return e;
        }
    };

    static final Template AZURE_VM = new Template("azurerm_linux_virtual_machine", "vm", Provider.AZURERM, 0,
            ordered("custom_data", true, "tags", Map.of())) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("admin_ssh_key", list(ordered("public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA" + base64(r, 24), "username", "ops")));
            v.put("admin_username", "ops");
            v.put("custom_data", r.nextInt(10) < 2 ? base64(r, r.nextInt(300, 1500)) : null);
            v.put("id", "/subscriptions/0000/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-" + suffix);
            v.put("location", "westeurope");
            v.put("name", "vm-" + suffix);
            v.put("network_interface_ids", list("/subscriptions/0000/resourceGroups/rg-prod/providers/Microsoft.Network/networkInterfaces/nic-" + suffix));
            v.put("os_disk", list(ordered("caching", "ReadWrite", "disk_size_gb", 64, "name", "osdisk-" + suffix,
                    "storage_account_type", "Premium_LRS")));
            v.put("private_ip_address", ip(r));
            v.put("resource_group_name", "rg-prod");
            v.put("size", "Standard_D4s_v5");
            v.put("source_image_reference", list(ordered("offer", "0001-com-ubuntu-server-jammy", "publisher", "Canonical",
                    "sku", "22_04-lts-gen2", "version", "latest")));
            v.put("tags", tags(r, "vm-" + suffix));
            v.put("virtual_machine_id", hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12));
            v.put("zone", "1");
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("size", References.of("var.vm_size"));
            e.put("network_interface_ids", References.of("azurerm_network_interface.nic"));
            return e;
        }
    };

    static final Template CONFIG_MAP = new Template("kubernetes_config_map", "settings", Provider.KUBERNETES, 0,
            ordered("data", Map.of())) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> data = map();
            for (int i = 0; i < r.nextInt(2, 7); i++) {
                data.put("setting_" + i + ".properties", "key=" + hex(r, r.nextInt(16, 120)) + "\nmode=production\n");
            }
            Map<String, Object> v = map();
            v.put("binary_data", null);
            v.put("data", data);
            v.put("id", "services/settings-" + suffix);
            v.put("immutable", false);
            v.put("metadata", list(ordered("annotations", Map.of(), "generation", 0,
                    "labels", ordered("app.kubernetes.io/managed-by", "terraform"), "name", "settings-" + suffix,
                    "namespace", "services", "resource_version", String.valueOf(r.nextInt(1_000_000)),
                    "uid", hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12))));
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("data", References.of("local.settings"));
            return e;
        }
    };

    static final Template DB_INSTANCE = new Template("aws_db_instance", "main", Provider.AWS, 2,
            ordered("password", true, "tags", Map.of())) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            String identifier = name + "-" + suffix.replace('_', '-');
            Map<String, Object> v = map();
            v.put("allocated_storage", 100);
            v.put("arn", "arn:aws:rds:eu-west-1:123456789012:db:" + identifier);
            v.put("backup_retention_period", 7);
            v.put("backup_window", "03:00-04:00");
            v.put("db_subnet_group_name", "private");
            v.put("deletion_protection", false);
            v.put("endpoint", identifier + ".c" + hex(r, 11) + ".eu-west-1.rds.amazonaws.com:5432");
            v.put("engine", "postgres");
            v.put("engine_version", "16.4");
            v.put("id", "db-" + hex(r, 26).toUpperCase());
            v.put("identifier", identifier);
            v.put("instance_class", "db.r6g.large");
            v.put("multi_az", true);
            v.put("password", "not-a-real-password-" + hex(r, 12));
            v.put("skip_final_snapshot", false);
            v.put("storage_encrypted", true);
            v.put("storage_type", "gp3");
            v.put("tags", tags(r, identifier));
            v.put("username", "app");
            v.put("vpc_security_group_ids", list("sg-" + hex(r, 17)));
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            Map<String, Object> e = map();
            e.put("engine", "postgres");
            e.put("password", References.of("var.db_password"));
            e.put("identifier", References.of("local.name"));
            return e;
        }
    };

    static final Template SQL_INSTANCE = new Template("google_sql_database_instance", "ledger", Provider.GOOGLE, 0,
            TAGS) {
        @Override
        Map<String, Object> values(SplittableRandom r, int position, String suffix) {
            Map<String, Object> v = map();
            v.put("connection_name", "acme-prod:europe-west1:ledger-" + suffix);
            v.put("database_version", "POSTGRES_16");
            v.put("deletion_protection", false);
            v.put("id", "ledger-" + suffix);
            v.put("name", "ledger-" + suffix);
            v.put("region", "europe-west1");
            v.put("settings", list(ordered("availability_type", "REGIONAL", "disk_size", 100, "tier", "db-custom-4-16384",
                    "backup_configuration", list(ordered("enabled", true, "point_in_time_recovery_enabled", true)))));
            return v;
        }

        @Override
        Map<String, Object> expressions() {
            return ordered("database_version", "POSTGRES_16");
        }
    };

    /** One resource block of the service module: a template under a block name unique in the module. */
    record Slot(Template template, String name) {
    }

    /** What each module holds (blocks in this order, instances cycling over them). */
    static final List<Slot> ALL = slots(AWS_INSTANCE, SG_RULE, IAM_POLICY, SG_RULE, ROUTE53, LAMBDA, S3_BUCKET,
            REPLICATION, SG_RULE, GCE, GCP_FIREWALL, ROUTE53, AZURE_NSG_RULE, AZURE_VM, GCP_FIREWALL, CONFIG_MAP, SG_RULE,
            AZURE_NSG_RULE, IAM_POLICY, ROUTE53, IAM_ATTACHMENT, IAM_ATTACHMENT, IAM_ATTACHMENT, DB_INSTANCE);

    private static List<Slot> slots(Template... templates) {
        List<Slot> slots = new ArrayList<>();
        Map<Template, Integer> seen = new java.util.HashMap<>();
        for (Template template : templates) {
            int occurrence = seen.merge(template, 1, Integer::sum) - 1;
            slots.add(new Slot(template, occurrence == 0 ? template.name : template.name + "_" + occurrence));
        }
        return List.copyOf(slots);
    }

    /** The hidden destroys, cycling: data stores whose block was removed. */
    static final List<Template> HIDDEN = List.of(DB_INSTANCE, S3_BUCKET, SQL_INSTANCE);
}
