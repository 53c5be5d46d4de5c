package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.TokenGetter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who a service is and where its token goes, resolved once before any ticket is requested: what the steps plan
 * their requests from.
 *
 * @param uid                 the account's UID on the nodes ({@code /tmp/vt_u<uid>})
 * @param vaultServer         where htgettoken gets the vault token
 * @param collector           the collector the schedds came from; empty for getToken services
 * @param credds              the schedds whose credds get the token, in collector order; empty for getToken services
 * @param roleFileDestination the rendered destination of the role file, or empty when its template failed (then no
 *                            role file is sent, as upstream)
 * @param roleFileProblem     why the role file destination is empty, for the log
 */
public record ResolvedService(
        ServiceSettings settings,
        long uid,
        String principal,
        Path keytab,
        String vaultServer,
        String collector,
        List<String> credds,
        Optional<String> roleFileDestination,
        Optional<String> roleFileProblem) {

    public ResolvedService {
        credds = List.copyOf(credds);
    }

    public ServiceName name() {
        return settings.service();
    }

    public boolean storesInCredds() {
        return settings.tokenGetter() == TokenGetter.STORE_AND_GET_TOKEN;
    }
}
