package dev.backstop.core.catalog;

/**
 * What the catalog knows about one resource type.
 *
 * @param provider    short provider name, e.g. {@code aws}
 * @param type        resource type, e.g. {@code aws_db_instance}
 * @param role        data, member or backup
 * @param category    e.g. {@code relational}, {@code object_storage}, {@code backup_vault}
 * @param container   destroying it also destroys child data (a bucket, a server, a namespace)
 * @param encryptsData a key or key store that encrypts other data (KMS, Key Vault, Cloud KMS)
 * @param holdsDataIn for members: the type that holds the data
 * @param note        what the type is, in a few words
 * @param ref         line of shared/reference/catalog.md the entry comes from
 */
public record ResourceKind(String provider, String type, Role role, String category, boolean container,
        boolean encryptsData, String holdsDataIn, String note, int ref) {

    /** Category words for people: {@code object_storage} reads "object storage". */
    public String categoryLabel() {
        return category.replace('_', ' ');
    }
}
