package dev.backstop.jenkins.plugin;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may press "approve" on a paused plan, without Jenkins types: a user listed among the approvers by id, or
 * holding one of the listed groups, and never the user who started the build. Ids and groups are compared as the
 * security realm compares them (by default without regard to case).
 */
final class ApproverRules {
    private ApproverRules() {
    }

    /** The comma-separated approvers setting, trimmed, without empty entries. */
    static List<String> approvers(String setting) {
        return setting == null ? List.of() : Arrays.stream(setting.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Why {@code userId} may not approve, or null when they may.
     *
     * @param authorities   the groups the security realm gives the user
     * @param starter       the user who started the build, or null
     * @param caseSensitive whether the realm compares ids with case
     */
    static String refusal(String userId, Collection<String> authorities, String approvers, String starter,
            boolean caseSensitive) {
        if (userId == null || userId.isBlank()) {
            return "log in to approve: anonymous approvals do not count";
        }
        if (starter != null && same(userId, starter, caseSensitive)) {
            return userId + " started this build and may not approve its plan";
        }
        List<String> allowed = approvers(approvers);
        if (allowed.isEmpty()) {
            return "the step names no approvers, so no one can approve this plan here";
        }
        boolean listed = allowed.stream().anyMatch(a -> same(a, userId, caseSensitive)
                || authorities.stream().anyMatch(g -> same(a, g, caseSensitive)));
        return listed ? null : userId + " is not one of the approvers (" + String.join(", ", allowed) + ")";
    }

    /** The user's groups as policy principals, {@code jenkins-group:NAME}, for the policy's approver groups. */
    static Set<String> groupPrincipals(Collection<String> authorities) {
        Set<String> groups = new TreeSet<>();
        for (String authority : authorities) {
            if (authority != null && !authority.isBlank() && !authority.equals("authenticated")) {
                groups.add("jenkins-group:" + authority);
            }
        }
        return groups;
    }

    private static boolean same(String a, String b, boolean caseSensitive) {
        return caseSensitive ? a.equals(b) : a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
