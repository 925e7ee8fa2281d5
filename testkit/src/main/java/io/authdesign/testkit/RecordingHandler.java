package io.authdesign.testkit;

import io.authdesign.OAuth2TokenResponse;
import io.authdesign.TokenResult;
import io.authdesign.http.HttpRequest;
import io.authdesign.token.TokenGenerator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A token handler that records every context it receives and the thread it ran on, and answers with a
 * fixed access token unless a test gives it another behaviour.
 *
 * @param <C> the context type
 */
final class RecordingHandler<C> implements TokenGenerator<C> {

    private final String accessToken;
    private final List<C> contexts = new CopyOnWriteArrayList<>();
    private volatile TokenGenerator<C> behaviour;
    private volatile Thread lastThread;

    RecordingHandler(String accessToken) {
        this.accessToken = accessToken;
    }

    @Override
    public TokenResult generateToken(C context, HttpRequest request) throws Exception {
        contexts.add(context);
        lastThread = Thread.currentThread();
        TokenGenerator<C> answer = behaviour;
        return answer == null ? new OAuth2TokenResponse(accessToken) : answer.generateToken(context, request);
    }

    /** Answers the next requests with this behaviour instead of the fixed token. */
    RecordingHandler<C> answer(TokenGenerator<C> answer) {
        this.behaviour = answer;
        return this;
    }

    /** Forgets the recorded calls and the behaviour. */
    void reset() {
        contexts.clear();
        behaviour = null;
        lastThread = null;
    }

    /** The contexts received, in order. */
    List<C> contexts() {
        return List.copyOf(contexts);
    }

    /** The only context received since the last reset. */
    C onlyContext() {
        if (contexts.size() != 1) {
            throw new AssertionError("Expected exactly one call, got " + contexts.size());
        }
        return contexts.get(0);
    }

    /** How many times the handler ran. */
    int calls() {
        return contexts.size();
    }

    /** The thread of the last call. */
    Optional<Thread> lastThread() {
        return Optional.ofNullable(lastThread);
    }

    /** The fixed access token. */
    String accessToken() {
        return accessToken;
    }
}
