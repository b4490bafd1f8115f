package dev.larder.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.server.serving.EncodedAnswer;
import dev.larder.server.serving.TestAnswers;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The stream gRPC takes an answer from: its length, its one drain, and reads instead of it. */
class EncodedAnswerMarshallerTest {

  /** 2,000 rows: several times the buffer an answer is written through. */
  private static final EncodedAnswer ANSWER = TestAnswers.ofRows(2_000);

  @Test
  void drainsTheWholeAnswerOnceAndTellsItsLength() throws Exception {
    byte[] expected = ANSWER.toByteArray();
    InputStream stream = EncodedAnswerMarshaller.INSTANCE.stream(ANSWER);
    assertThat(stream).isInstanceOf(KnownLength.class).isInstanceOf(Drainable.class);
    assertThat(stream.available()).isEqualTo(expected.length).isGreaterThan(8192);

    ByteArrayOutputStream target = new ByteArrayOutputStream();
    int drained = ((Drainable) stream).drainTo(target);

    assertThat(drained).isEqualTo(expected.length);
    assertThat(target.toByteArray()).isEqualTo(expected);
    assertThat(GetOnlineFeaturesResponse.parseFrom(expected).getResults(1).getValuesCount())
        .isEqualTo(2_000);
    assertThat(stream.available()).isZero();
    assertThat(((Drainable) stream).drainTo(new ByteArrayOutputStream())).isZero();
  }

  @Test
  void readsTheSameBytesAndDrainsWhatIsLeft() throws Exception {
    byte[] expected = ANSWER.toByteArray();
    InputStream stream = EncodedAnswerMarshaller.INSTANCE.stream(ANSWER);
    byte[] head = new byte[100];

    assertThat(stream.read(head, 0, head.length)).isEqualTo(head.length);
    assertThat(stream.available()).isEqualTo(expected.length - head.length);
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    int drained = ((Drainable) stream).drainTo(rest);

    assertThat(drained).isEqualTo(expected.length - head.length);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.write(head);
    whole.write(rest.toByteArray());
    assertThat(whole.toByteArray()).isEqualTo(expected);
    assertThat(stream.read()).isEqualTo(-1);
  }
}
