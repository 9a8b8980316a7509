package dev.backstop.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Refuses a resource change that contradicts itself. Terraform writes every field of a change from one object, so
 * they always agree; a change whose fields disagree was not written by Terraform as it is (it was edited, forged,
 * or mangled by a tool in between), and reading it either way could hide a destroy:
 *
 * <ul>
 *   <li>the address must be a resource address whose type, name, mode ({@code data.}) and module agree with
 *       {@code type}, {@code name}, {@code mode} and {@code module_address}: rules judge by {@code type}, so an
 *       {@code aws_db_instance} address labelled {@code aws_iam_role} would pass a database delete off as harmless;</li>
 *   <li>addresses, types, names and deposed keys hold only printable characters: Terraform writes any other
 *       character of an instance key as an escape, so a raw one (a terminal escape, a newline, a bidi override)
 *       exists only to mislead a reader of the report;</li>
 *   <li>for managed resources, the actions must agree with the values: a delete records the object it deletes
 *       ({@code before}); a create has no prior object; a create, update, no-op or read never ends with the object
 *       gone ({@code after} null while {@code before} is not: a delete under another name); and a no-op changes
 *       nothing ({@code before} equals {@code after}).</li>
 * </ul>
 *
 * Data sources are only read, so their values are not held to these rules, but their address must say
 * {@code data.}: the rules skip data sources, so a managed resource must not be able to pose as one.
 */
final class ChangeConsistency {
    private ChangeConsistency() {
    }

    static void check(ResourceChange change, Object where) {
        printable(change.address(), "address", where);
        printable(change.previousAddress(), "previous_address", where);
        printable(change.moduleAddress(), "module_address", where);
        printable(change.type(), "type", where);
        printable(change.name(), "name", where);
        printable(change.deposed(), "deposed", where);
        Address address = Address.parse(change.address());
        if (address == null) {
            throw refused(where, "the address is not a resource address ([module.NAME[KEY].]...[data.]TYPE.NAME[KEY])");
        }
        if (!address.type.equals(change.type())) {
            throw refused(where, "the address names type " + PlanText.quoted(address.type) + " but \"type\" is "
                    + PlanText.quoted(change.type()));
        }
        if (change.name() != null && !address.name.equals(change.name())) {
            throw refused(where, "the address names " + PlanText.quoted(address.name) + " but \"name\" is "
                    + PlanText.quoted(change.name()));
        }
        if (address.data != change.isDataSource()) {
            throw refused(where, address.data ? "the address is a data source's but \"mode\" is not \"data\""
                    : "\"mode\" is \"data\" but the address is not a data source's (data.TYPE.NAME)");
        }
        if (change.moduleAddress() != null && !change.moduleAddress().equals(address.module)) {
            throw refused(where, "\"module_address\" " + PlanText.quoted(change.moduleAddress())
                    + " is not the module of the address");
        }
        if (!change.isDataSource()) {
            actionsAgreeWithValues(change, where);
        }
    }

    private static void actionsAgreeWithValues(ResourceChange change, Object where) {
        boolean before = present(change.before());
        boolean after = present(change.after());
        ChangeKind kind = change.kind();
        if (change.isDestructive() && !before) {
            throw refused(where, "actions " + actions(change) + " delete an object but \"before\" is null; Terraform"
                    + " always records the object it deletes");
        }
        if (kind == ChangeKind.CREATE && before) {
            throw refused(where, "actions [create] but \"before\" holds an object; a create has no prior object, so"
                    + " this one would be replaced without a delete");
        }
        boolean keepsObject = kind == ChangeKind.UPDATE || kind == ChangeKind.NO_OP || kind == ChangeKind.READ;
        if (keepsObject && before && !after) {
            throw refused(where, "actions " + actions(change) + " but \"after\" is null while \"before\" is not: the"
                    + " object would be gone, which is a delete under another name");
        }
        if (kind == ChangeKind.NO_OP && !orNull(change.before()).equals(orNull(change.after()))) {
            throw refused(where, "actions [no-op] but \"before\" and \"after\" differ: a no-op changes nothing");
        }
    }

    private static String actions(ResourceChange change) {
        return PlanText.shown(change.actions().toString());
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    private static JsonNode orNull(JsonNode value) {
        return value == null ? NullNode.getInstance() : value;
    }

    private static void printable(String text, String field, Object where) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!PlanText.isPrintable(text.charAt(i))) {
                throw refused(where, "\"" + field + "\" holds the unprintable character " + String.format("U+%04X",
                        (int) text.charAt(i)) + "; Terraform writes such characters as escapes, so it exists only to"
                        + " mislead a reader");
            }
        }
    }

    private static PlanException refused(Object where, String problem) {
        return new PlanException(where + ": the change contradicts itself: " + problem + ". The plan was not written"
                + " by Terraform as it is, and is refused");
    }

    /** The parts of a resource instance address that other fields repeat. */
    static final class Address {
        final String module;
        final boolean data;
        final String type;
        final String name;

        private Address(String module, boolean data, String type, String name) {
            this.module = module;
            this.data = data;
            this.type = type;
            this.name = name;
        }

        /** {@code [module.NAME[KEY].]...[data.]TYPE.NAME[KEY]}, or null when {@code text} is not one. */
        static Address parse(String text) {
            int at = 0;
            while (text.startsWith("module.", at)) {
                int end = identifierEnd(text, at + "module.".length());
                if (end == at + "module.".length()) {
                    return null;
                }
                end = keyEnd(text, end);
                if (end < 0 || end >= text.length() || text.charAt(end) != '.') {
                    return null;
                }
                at = end + 1;
            }
            String module = at == 0 ? null : text.substring(0, at - 1);
            boolean data = text.startsWith("data.", at);
            if (data) {
                at += "data.".length();
            }
            int typeEnd = identifierEnd(text, at);
            if (typeEnd == at || typeEnd >= text.length() || text.charAt(typeEnd) != '.') {
                return null;
            }
            int nameEnd = identifierEnd(text, typeEnd + 1);
            if (nameEnd == typeEnd + 1) {
                return null;
            }
            int end = keyEnd(text, nameEnd);
            if (end != text.length()) {
                return null;
            }
            return new Address(module, data, text.substring(at, typeEnd), text.substring(typeEnd + 1, nameEnd));
        }

        /** Where an identifier starting at {@code at} ends: anything up to a dot, a bracket or the end. */
        private static int identifierEnd(String text, int at) {
            int i = at;
            while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[' && text.charAt(i) != '"'
                    && text.charAt(i) != ']') {
                i++;
            }
            return i;
        }

        /** After an optional instance key {@code [0]} or {@code ["key"]} at {@code at}; -1 when it is malformed. */
        private static int keyEnd(String text, int at) {
            if (at >= text.length() || text.charAt(at) != '[') {
                return at;
            }
            int i = at + 1;
            if (i < text.length() && text.charAt(i) == '"') {
                for (i++; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        break;
                    }
                }
                i++;
            } else {
                int digits = i;
                while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                if (i == digits) {
                    return -1;
                }
            }
            if (i >= text.length() || text.charAt(i) != ']') {
                return -1;
            }
            return i + 1;
        }
    }
}
