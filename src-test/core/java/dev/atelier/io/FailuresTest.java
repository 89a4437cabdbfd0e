package dev.atelier.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void aMessageIsKept() {
    assertThat(Failures.describe(new IOException("Connection reset by peer")))
        .isEqualTo("Connection reset by peer");
  }

  @Test
  void failuresWithoutMessageGetWordsNotTheirClassName() {
    ConnectException refused = new ConnectException();
    refused.initCause(new ClosedChannelException());
    assertThat(Failures.describe(refused)).isEqualTo("connection refused");
    assertThat(Failures.describe(new ClosedChannelException()))
        .isEqualTo("the connection was closed");
    assertThat(Failures.describe(new HttpConnectTimeoutException(null)))
        .isEqualTo("no answer in time");
    assertThat(Failures.describe(new IllegalStateException())).isEqualTo("an unexpected error");
  }

  @Test
  void wrappedClassNamesAreTakenOut() {
    IOException wrapped = new IOException(new ConnectException("Connection refused"));
    assertThat(wrapped.getMessage()).contains("java.net.ConnectException");
    assertThat(Failures.describe(wrapped)).isEqualTo("Connection refused");
    assertThat(Failures.describe(new UncheckedIOException(new IOException())))
        .isEqualTo("an unexpected error");
  }

  @Test
  void aBareNameGetsSaidWhatItIs() {
    assertThat(Failures.describe(new UnknownHostException("rpc.example.invalid")))
        .isEqualTo("unknown host: rpc.example.invalid");
    assertThat(Failures.describe(new NoSuchFileException("/tmp/x.png")))
        .isEqualTo("no such file: /tmp/x.png");
  }

  @Test
  void theMessageOfACauseIsUsedWhenTheOuterHasNone() {
    RuntimeException outer = new RuntimeException(null, new IOException("disk full"));
    assertThat(Failures.describe(outer)).isEqualTo("disk full");
  }
}
