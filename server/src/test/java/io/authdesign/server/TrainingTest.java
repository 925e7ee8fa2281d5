package io.authdesign.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The AOT cache's training run ({@code train}): its requests, on plain sockets, are answered as expected. */
class TrainingTest {

    @Test
    void aShortTrainingRunServesEveryRequestOfTheDemoAndStops() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Training.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Training run done on http://127.0.0.1:");
    }

    @Test
    void chunkedBodiesAreJoined() {
        assertThat(Training.unchunked("4\r\n{\"a\"\r\n6;ext=1\r\n:true}\r\n0\r\n\r\n"))
                .isEqualTo("{\"a\":true}");
        assertThat(Training.unchunked("0\r\n\r\n")).isEmpty();
        assertThatThrownBy(() -> Training.unchunked("4\r\nabcd\r\n")).isInstanceOf(IllegalStateException.class);
    }
}
