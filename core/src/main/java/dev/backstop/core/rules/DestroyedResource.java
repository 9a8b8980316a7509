package dev.backstop.core.rules;

import dev.backstop.core.catalog.ResourceKind;
import dev.backstop.core.catalog.Role;
import java.util.List;
import java.util.Optional;

/**
 * What the rules need to remember about one destructive change until the end of the plan: small, and free of
 * attribute values.
 *
 * @param address      display address (deposed objects carry their key)
 * @param instanceAddress the plain instance address, as in the plan
 * @param type         resource type
 * @param actions      planned actions
 * @param kind         what the catalog says of the type, if anything
 * @param happening    what will happen and why, in words
 * @param reason       Terraform's action_reason, or null
 * @param replacePaths attribute paths that forced a replacement (sensitive steps masked)
 * @param remedy       the safer alternative
 * @param storeNames   names of the store (bucket, account) for matching backup references; never printed
 * @param lockEvidence why the store counts as locked, or null
 * @param nameEvidence why its name marks it as holding backups, or null
 * @param tagEvidence  why its tags mark it as holding backups, or null
 */
public record DestroyedResource(String address, String instanceAddress, String type, List<String> actions, Optional<ResourceKind> kind,
        String happening, String reason, List<String> replacePaths, String remedy, List<String> storeNames,
        String lockEvidence, String nameEvidence, String tagEvidence) {

    public boolean hasRole(Role role) {
        return kind.map(k -> k.role() == role).orElse(false);
    }

    /** Object storage and file systems can hold backups without being backup types. */
    public boolean mayHoldBackups() {
        return kind.map(k -> k.role() == Role.DATA
                && (k.category().equals("object_storage") || k.category().equals("file_system"))).orElse(false);
    }

    /** A key that encrypts other data: losing it makes the data and its backups unreadable. */
    public boolean isEncryptionKey() {
        return kind.map(k -> k.role() == Role.DATA && k.encryptsData()).orElse(false);
    }

    Finding finding(String rule, dev.backstop.core.verdict.Severity severity, String message) {
        return new Finding(rule, severity, address, type, actions, message, reason, replacePaths, remedy);
    }
}
