package dev.managedtokens.testbed.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One probe of whether a daemon serves yet; {@link Daemon#awaitReady} repeats it against a deadline. */
public interface ReadinessCheck {

    boolean ready();

    /** What is probed, for the timeout message. */
    String description();

    static ReadinessCheck tcpConnect(String host, int port) {
        return new ReadinessCheck() {
            @Override
            public boolean ready() {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String description() {
                return "TCP connect to " + host + ":" + port;
            }
        };
    }

    /** {@code GET uri} answers 200. */
    static ReadinessCheck httpOk(URI uri) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
        return new ReadinessCheck() {
            @Override
            public boolean ready() {
                try {
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(1))
                            .GET()
                            .build();
                    return client.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }

            @Override
            public String description() {
                return "GET " + uri + " answering 200";
            }
        };
    }

    /** The log contains {@code text} after its first {@code fromOffset} bytes (a restarted daemon appends). */
    static ReadinessCheck logContains(Path log, String text, long fromOffset) {
        return new ReadinessCheck() {
            @Override
            public boolean ready() {
                try {
                    if (!Files.isRegularFile(log)) return false;
                    byte[] all = Files.readAllBytes(log);
                    int from = (int) Math.min(fromOffset, all.length);
                    return new String(all, from, all.length - from, StandardCharsets.UTF_8).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String description() {
                return "'" + text + "' in " + log;
            }
        };
    }

    default ReadinessCheck and(ReadinessCheck other) {
        ReadinessCheck first = this;
        return new ReadinessCheck() {
            @Override
            public boolean ready() {
                return first.ready() && other.ready();
            }

            @Override
            public String description() {
                return first.description() + " and " + other.description();
            }
        };
    }
}
