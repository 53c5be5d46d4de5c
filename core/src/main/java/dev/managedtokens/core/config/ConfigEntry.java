package dev.managedtokens.core.config;

/**
 * One declaration of the registry ({@link ConfigKeys}): a key holding a value, or a key opening a section of keys.
 * The validator walks the file with these; the reader and the resolver read values through {@link ConfigKey}.
 */
sealed interface ConfigEntry permits ConfigKey, ConfigSection {

    /** The key as the shipped example writes it (matching is case-insensitive). */
    String name();

    /**
     * Whether the entry may be written at this place under this name (normalised for the place); a role writes the
     * global keys it overrides as {@code <key>Override}.
     */
    boolean allowedAt(ConfigScope scope, String normalisedName);
}
