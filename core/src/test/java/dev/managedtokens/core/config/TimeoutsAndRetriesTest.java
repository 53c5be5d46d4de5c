package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeoutsAndRetriesTest {

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void withoutConfigurationTheDefaultsApply() {
        Timeouts t = TestConfigs.config("{}").timeouts();
        assertEquals(
                List.of(s(300), s(20), s(60), s(10), s(30)),
                List.of(t.global(), t.kerberos(), t.vaultStorer(), t.ping(), t.push()));
        assertEquals(List.of(s(30), s(10)), List.of(t.ferryRequest(), t.db()));
    }

    @Test
    void onlyTheConfiguredTimeoutsChange() {
        LoadedConfig loaded = TestConfigs.load("""
                timeouts:
                  global: 360s
                  KerberosTimeout: 15s
                  vaultStorer: 15s
                """);
        assertEquals(List.of(), loaded.problems());
        Timeouts t = loaded.config().orElseThrow().timeouts();
        assertEquals(
                List.of(s(360), s(15), s(15), s(10), s(30)),
                List.of(t.global(), t.kerberos(), t.vaultStorer(), t.ping(), t.push()));
    }

    @Test
    void stageTimeoutsAboveTheGlobalTimeoutAreAnError() {
        LoadedConfig loaded = TestConfigs.load(
                "timeouts: {globalTimeout: 300s, kerberosTimeout: 20s," + " vaultStorerTimeout: 360s}\n");
        assertTrue(loaded.hasErrors());
        assertTrue(loaded.config().orElseThrow().timeouts().tokenPushStagesExceedGlobal());
        // equality is allowed
        LoadedConfig equal = TestConfigs.load("timeouts: {globalTimeout: 120s}\n");
        assertFalse(equal.hasErrors(), equal.problems().toString());
    }

    @Test
    void anUnparsableTimeoutKeepsTheDefaultAndIsOnlyAWarning() {
        LoadedConfig loaded = TestConfigs.load("timeouts: {vaultStorerTimeout: 60ssss, ping: 3d}\n");
        assertFalse(loaded.hasErrors());
        assertEquals(2, loaded.warnings().size());
        assertEquals(s(60), loaded.config().orElseThrow().timeouts().vaultStorer());
        assertEquals(s(10), loaded.config().orElseThrow().timeouts().ping());
    }

    @Test
    void timeoutKeyStrings() {
        assertEquals(
                List.of("global", "kerberos", "vaultstorer", "ping", "push"),
                List.of(
                                TimeoutKey.GLOBAL,
                                TimeoutKey.KERBEROS,
                                TimeoutKey.VAULT_STORER,
                                TimeoutKey.PING,
                                TimeoutKey.PUSH)
                        .stream()
                        .map(TimeoutKey::configString)
                        .toList());
        assertEquals(Optional.of(TimeoutKey.PUSH), TimeoutKey.parse("push"));
        assertEquals(Optional.of(TimeoutKey.VAULT_STORER), TimeoutKey.parse("vaultstorer"));
        for (String bad : List.of("invalid", "", "randomKey", "Push")) {
            assertEquals(Optional.empty(), TimeoutKey.parse(bad), bad);
        }
        assertEquals(Optional.of(TimeoutKey.GLOBAL), TimeoutKey.fromMapKey("GlobalTimeout"));
        assertEquals(Optional.of(TimeoutKey.FERRY_REQUEST), TimeoutKey.fromMapKey("ferryRequestTimeout"));
    }

    @Test
    void checkRetryTimeout() {
        RetryPolicy p = new RetryPolicy(3, s(10));
        assertTrue(p.fitsWithin(s(40)));
        assertTrue(p.fitsWithin(s(30)));
        assertFalse(p.fitsWithin(s(20)));
        RetryPolicy q = new RetryPolicy(3, s(2));
        assertTrue(q.fitsWithin(s(10)));
        assertFalse(q.fitsWithin(s(5)));
    }

    @Test
    void validRetryMapGivesEveryTypeItsSettingsWithKeysInAnyCase() {
        Config c = TestConfigs.config("""
                WORKERTYPE:
                  GetKerberosTickets: {NumRetries: 1, RETRYSLEEP: 1s}
                  gettoken: {numretries: 1, retrysleep: 1s}
                  storeAndGetToken: {numRetries: 1, retrySleep: 1s}
                  pingAggregator: {numRetries: 1, retrySleep: 1s}
                  pushTokens: {numRetries: 1, retrySleep: 1s}
                """);
        for (WorkerType w : WorkerType.values()) {
            assertEquals(new RetryPolicy(1, s(1)), c.retries().of(w), w.toString());
        }
    }

    /** docs/compatibility.md: the Go service discarded the whole map at the first impossible budget. */
    @Test
    void anImpossibleBudgetDisablesRetriesForThatTypeOnly() {
        LoadedConfig loaded = TestConfigs.load("""
                workerType:
                  getKerberosTickets: {numRetries: 2, retrySleep: 10s}
                  pushTokens: {numRetries: 3, retrySleep: 60s}
                """);
        Config c = loaded.config().orElseThrow();
        assertEquals(RetryPolicy.NONE, c.retries().of(WorkerType.PUSH_TOKENS));
        assertEquals(new RetryPolicy(2, s(10)), c.retries().of(WorkerType.GET_KERBEROS_TICKETS));
        assertFalse(loaded.hasErrors());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).keyPath().equals("workerType.pushTokens"));
    }

    @Test
    void getAndCheckRetryInfoFromConfig() {
        String yaml = "workerType: {pushTokens: {numRetries: 3, retrySleep: 2s}}\ntimeouts: {pushTimeout: %s}\n";
        assertEquals(
                new RetryPolicy(3, s(2)),
                TestConfigs.config(yaml.formatted("10s")).retries().of(WorkerType.PUSH_TOKENS));
        assertEquals(
                RetryPolicy.NONE,
                TestConfigs.config(yaml.formatted("5s")).retries().of(WorkerType.PUSH_TOKENS));
    }

    @Test
    void unsetRetriesAreZeroForEveryType() {
        Config c = TestConfigs.config("{}");
        for (WorkerType w : WorkerType.values()) {
            assertEquals(RetryPolicy.NONE, c.retries().of(w));
        }
    }

    @Test
    void numRetriesFollowsTheGoIntegerRules() {
        assertEquals(42, retries("{\"workerType\":{\"pushTokens\":{\"numRetries\":41.99999999999999}}}"));
        assertEquals(0, retries("{\"workerType\":{\"pushTokens\":{\"numRetries\":42.5}}}"));
        assertEquals(0, retries("{\"workerType\":{\"pushTokens\":{\"numRetries\":\"3\"}}}"));
        assertEquals(
                2,
                TestConfigs.config("workerType: {pushTokens: {numRetries: 2}}")
                        .retries()
                        .of(WorkerType.PUSH_TOKENS)
                        .numRetries());
    }

    @Test
    void retrySleepMustBeADurationText() {
        assertEquals(Duration.ofMinutes(5), sleep("5m", "60m"));
        assertEquals(Duration.ZERO, sleep("5 minutes", "60m"));
        assertEquals(Duration.ZERO, sleep("5", "60m"));
    }

    @Test
    void workerTypeConfigStringsAreCaseSensitive() {
        assertEquals(
                List.of("getKerberosTickets", "getToken", "storeAndGetToken", "pingAggregator", "pushTokens"),
                List.of(WorkerType.values()).stream()
                        .map(WorkerType::configString)
                        .toList());
        for (WorkerType w : WorkerType.values()) {
            assertEquals(Optional.of(w), WorkerType.fromConfigString(w.configString()));
        }
        for (String bad : List.of("GetKerberosTickets", "", "invalid", "qwxz!")) {
            assertEquals(Optional.empty(), WorkerType.fromConfigString(bad), bad);
        }
    }

    private static int retries(String json) {
        return TestConfigs.loadJson(json)
                .config()
                .orElseThrow()
                .retries()
                .of(WorkerType.PUSH_TOKENS)
                .numRetries();
    }

    private static Duration sleep(String retrySleep, String pushTimeout) {
        return TestConfigs.config(
                        "workerType: {pushTokens: {numRetries: 1, retrySleep: %s}}\ntimeouts: {pushTimeout: %s}\n"
                                .formatted(retrySleep, pushTimeout))
                .retries()
                .of(WorkerType.PUSH_TOKENS)
                .retrySleep();
    }
}
