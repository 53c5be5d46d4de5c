package dev.managedtokens.testbed.ferry;

import java.time.Instant;

/**
 * One request the FERRY stand-in answered.
 *
 * @param path     the request path, e.g. {@code /getUserInfo}
 * @param account  the {@code username} query parameter, decoded ({@code null} when absent)
 * @param status   the HTTP status sent
 * @param identity who the caller proved to be: the client certificate's subject, or the bearer token's subject;
 *                 empty when neither was accepted
 * @param answer   what was sent, in words ({@code uid 12345}, {@code fault SLOW}, {@code bearer token expired})
 * @param received when the request arrived
 */
public record FerryRequest(String path, String account, int status, String identity, String answer, Instant received) {}
