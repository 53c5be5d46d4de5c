package dev.managedtokens.worker.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class LimitedBodyTest {

    /** Counts what the body asked for and whether it hung up. */
    static final class Upstream implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    static HttpResponse.BodySubscriber<String> body(long limit, Map<String, List<String>> headers) {
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (k, v) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
        return LimitedBody.handler(limit).apply(info);
    }

    @Test
    void aBodyWithinTheLimitIsTheTextInPieces() throws Exception {
        HttpResponse.BodySubscriber<String> b = body(10, Map.of());
        Upstream up = new Upstream();
        b.onSubscribe(up);
        b.onNext(List.of(ByteBuffer.wrap("{\"a\":".getBytes(StandardCharsets.UTF_8))));
        b.onNext(List.of(ByteBuffer.wrap("\"é\"}".getBytes(StandardCharsets.UTF_8))));
        b.onComplete();
        assertEquals("{\"a\":\"é\"}", b.getBody().toCompletableFuture().get());
        assertEquals(3, up.requested, "one piece at a time");
    }

    @Test
    void theFirstPiecePastTheLimitStopsTheReadAndFails() {
        HttpResponse.BodySubscriber<String> b = body(8, Map.of());
        Upstream up = new Upstream();
        b.onSubscribe(up);
        b.onNext(List.of(ByteBuffer.wrap(new byte[8])));
        b.onNext(List.of(ByteBuffer.wrap(new byte[1])));
        assertTrue(up.cancelled);
        long asked = up.requested;
        b.onNext(List.of(ByteBuffer.wrap(new byte[1000]))); // already in flight: ignored, nothing more asked
        assertEquals(asked, up.requested);
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> b.getBody().toCompletableFuture().get());
        assertInstanceOf(LimitedBody.TooLarge.class, e.getCause());
        assertEquals(
                "the answer is longer than 8 bytes, over the limit of 8 bytes",
                e.getCause().getMessage());
    }

    @Test
    void anAnnouncedLengthOverTheLimitIsRefusedBeforeAnyByte() {
        HttpResponse.BodySubscriber<String> b = body(8, Map.of("Content-Length", List.of("1073741824")));
        Upstream up = new Upstream();
        b.onSubscribe(up);
        assertTrue(up.cancelled);
        assertEquals(0, up.requested);
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> b.getBody().toCompletableFuture().get());
        assertEquals(
                "the answer announces 1073741824 bytes, over the limit of 8 bytes",
                e.getCause().getMessage());
    }
}
