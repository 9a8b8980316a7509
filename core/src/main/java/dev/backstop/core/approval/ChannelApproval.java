package dev.backstop.core.approval;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An approval given on a channel other than a signed file: a GitHub pull-request review or comment, a Jenkins
 * {@code input} step. The front end for that channel has already established that this person gave it, for this
 * plan's fingerprint, in a way the channel vouches for (an APPROVED review on the head commit by a user with write
 * access, a submitter the {@code input} step accepted). What the core still decides, the same way for every channel:
 * whether the person is the plan's author, whether the approval is older than the policy allows, whether a person
 * is counted twice, and which approver groups the person belongs to.
 *
 * @param principal  who, as the policy names them: {@code github:octocat}, {@code jenkins:bob}
 * @param channel    how it was given, for the report: {@code github-review}, {@code github-comment},
 *                   {@code jenkins-input}
 * @param source     where a reader can see it (a URL, a build), for the report
 * @param created    when it was given
 * @param memberOf   the group principals the front end found this person in: {@code github-team:acme/dba},
 *                   {@code jenkins-group:ops}; the policy's approver groups may name these instead of people
 */
public record ChannelApproval(String principal, String channel, String source, Instant created,
        Set<String> memberOf) {

    public ChannelApproval {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(created, "created");
        memberOf = Set.copyOf(memberOf);
    }
}
