package io.authdesign.ready;

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
     */
    record Consent(String subject, String clientId, String clientName, Set<String> scopes)
            implements Interaction, io.authdesign.authorize.ConsentPrompt {
        /** Copies the scopes. */
        public Consent {
            Objects.requireNonNull(subject, "subject");
            scopes = Set.copyOf(scopes);
        }
    }
}
