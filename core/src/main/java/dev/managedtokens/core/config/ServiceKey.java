package dev.managedtokens.core.config;

/**
 * The name code outside this package uses for a per-service key of the registry: it reads the service's value with
 * {@link ServiceSettings#value} or {@link ServiceSettings#find}. Only the declarations in {@link ConfigKeys} are
 * handles (the interface is sealed), so whatever a handle names is validated, documented in the shipped example and
 * resolved for every service like any other key.
 *
 * @param <T> the type of the value
 */
public sealed interface ServiceKey<T> permits ConfigKey {

    /** The key as the shipped example writes it, e.g. {@code disableNotifications}. */
    String name();
}
