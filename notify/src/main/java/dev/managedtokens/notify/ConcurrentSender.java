package dev.managedtokens.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every message at once, each on its own virtual thread, and waits for them together up to one deadline; a
 * message not done by then is abandoned (its thread interrupted) and reported as not sent. Never throws.
 */
final class ConcurrentSender {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentSender.class);

    /** Something that sends one message, throwing with a one-line message when it was not accepted. */
    @FunctionalInterface
    interface Send {
        void run() throws Exception;
    }

    /** One message to send: what it is, for the {@link Delivery}, and how to send it. */
    record Job(
            Channel channel,
            Optional<String> service,
            List<String> recipients,
            String subject,
            String label,
            Send send) {}

    private ConcurrentSender() {}

    static List<Delivery> sendAll(List<Job> jobs, Duration timeout, Clock clock) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Delivery>> futures = new ArrayList<>();
        long[] starts = new long[jobs.size()];
        try {
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                starts[i] = System.nanoTime();
                long start = starts[i];
                futures.add(executor.submit(() -> attempt(job, start, clock)));
            }
            List<Delivery> deliveries = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                deliveries.add(await(jobs.get(i), futures.get(i), starts[i], deadline, timeout, clock));
            }
            return deliveries;
        } finally {
            // shutdownNow, not close: close would wait for an abandoned send.
            executor.shutdownNow();
        }
    }

    private static Delivery attempt(Job job, long start, Clock clock) {
        try {
            job.send().run();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.debug("Sent {} to {} in {} ms", job.label(), job.recipients(), took.toMillis());
            return delivery(job, true, Optional.empty(), took, clock);
        } catch (InterruptedException e) {
            // Abandoned at the deadline: the waiting side reports it.
            Thread.currentThread().interrupt();
            return delivery(job, false, Optional.of("interrupted"), Duration.ofNanos(System.nanoTime() - start), clock);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            if (Thread.currentThread().isInterrupted()) {
                return delivery(job, false, Optional.of(reason), Duration.ofNanos(System.nanoTime() - start), clock);
            }
            return failed(job, reason, start, clock);
        }
    }

    private static Delivery await(
            Job job, Future<Delivery> future, long start, long deadline, Duration timeout, Clock clock) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(
                    job,
                    job.label() + " to " + job.recipients() + " not done within " + timeout.toMillis()
                            + " ms; abandoned",
                    start,
                    clock);
        } catch (ExecutionException e) {
            return failed(job, String.valueOf(e.getCause()), start, clock);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return failed(job, job.label() + " abandoned: the caller was interrupted", start, clock);
        }
    }

    private static Delivery failed(Job job, String reason, long start, Clock clock) {
        LOG.error("Failed to send {}: {}", job.label(), reason);
        return delivery(job, false, Optional.of(reason), Duration.ofNanos(System.nanoTime() - start), clock);
    }

    private static Delivery delivery(Job job, boolean sent, Optional<String> failure, Duration took, Clock clock) {
        return new Delivery(
                job.channel(), job.service(), job.recipients(), job.subject(), sent, failure, clock.instant(), took);
    }
}
