package dev.managedtokens.worker.ferry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text (JSON's encoding) of at most {@code limit} bytes. Past the limit, reading stops,
 * the connection is dropped and the body fails with {@link TooLarge}: one account's huge or endless answer costs at
 * most the limit in memory, never the heap. A {@code Content-Length} over the limit is refused before any byte.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<String> {

    /** The body was longer than the limit. */
    static final class TooLarge extends IOException {
        private final long limit;

        TooLarge(long limit, String what) {
            super(what + ", over the limit of " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    private final long limit;
    private final long declaredLength;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private LimitedBody(long limit, long declaredLength) {
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    static HttpResponse.BodyHandler<String> handler(long limit) {
        return info -> new LimitedBody(
                limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > limit) {
            s.cancel();
            result.completeExceptionally(new TooLarge(limit, "the answer announces " + declaredLength + " bytes"));
            return;
        }
        s.request(1); // one buffer list at a time: nothing is read ahead of the count below
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if ((long) bytes.size() + b.remaining() > limit) {
                subscription.cancel();
                bytes.reset();
                result.completeExceptionally(new TooLarge(limit, "the answer is longer than " + limit + " bytes"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }
}
