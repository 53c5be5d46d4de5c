package dev.managedtokens.testbed.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds loopback ports that are free at the moment of asking (a daemon that loses the race fails its readiness). */
public final class FreePorts {

    private FreePorts() {}

    /** A port free for TCP on 127.0.0.1. */
    public static int tcp() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** A port free for both TCP and UDP on 127.0.0.1 (the KDC listens on both). */
    public static int tcpAndUdp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = tcp();
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException e) {
                // Taken for UDP: try another.
            }
        }
        throw new TestbedException("no port free for both TCP and UDP on 127.0.0.1 after 50 attempts");
    }
}
