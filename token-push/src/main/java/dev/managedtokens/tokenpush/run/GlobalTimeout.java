package dev.managedtokens.tokenpush.run;

import dev.managedtokens.tokenpush.plan.Stage;
import java.time.Duration;

/** The run's global timeout, for the reason of a step that the deadline kept from starting. */
record GlobalTimeout(Duration timeout) {

    public String before(Stage stage) {
        return "global timeout (" + timeout.toSeconds() + "s) reached before " + stage.stageLabel()
                + "; raise timeouts.globalTimeout or check the slower steps";
    }
}
