package io.authdesign.ready;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The page the ready authorization handler asks the renderer to show, carried by its {@code continue}
 * result ({@link io.authdesign.authorize.RenderContext#value()}); {@code null} there means the sign-in
 * page.
 */
public sealed interface Interaction permits Interaction.Consent {

    /**
     * The signed-in user must approve the client's access. The consent form posts
     * {@value io.authdesign.authorize.ConsentPrompt#FIELD} = {@code approve} or {@code deny}.
     *
     * @param subject the user
     * @param clientId the client
     * @param clientName the client's display name (the id when it has none)
     * @param scopes the scopes to approve
     * @param claims the claims the {@code claims} parameter requests one by one beyond those scopes (OIDC
     *     Core section 5.5), released only if approved here
     */
    record Consent(String subject, String clientId, String clientName, Set<String> scopes, Set<String> claims)
            implements Interaction, io.authdesign.authorize.ConsentPrompt {
        /** Copies the scopes and claims, in the order given (the request's, or the registration order). */
        public Consent {
            Objects.requireNonNull(subject, "subject");
            scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
            claims = Collections.unmodifiableSet(new LinkedHashSet<>(claims));
        }

        /** A consent to scopes only. */
        public Consent(String subject, String clientId, String clientName, Set<String> scopes) {
            this(subject, clientId, clientName, scopes, Set.of());
        }
    }
}
