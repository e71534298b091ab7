package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A request waits for PostgreSQL at most one timeout in all since it last answered (product.md §9). */
class RequestRecordTest {

    @Test
    void theWaitBudgetIsOneTimeoutSinceTheLastAnswer() {
        RequestRecord record = new RequestRecord("r", System.nanoTime() - 2_000_000_000L);
        assertThat(record.databaseBudgetMillis(3_000)).as("2 s spent waiting of 3").isBetween(900L, 1_000L);

        record.databaseAnswered();
        assertThat(record.databaseBudgetMillis(3_000)).as("after an answer").isBetween(2_900L, 3_000L);

        RequestRecord stuck = new RequestRecord("s", System.nanoTime() - 10_000_000_000L);
        assertThat(stuck.databaseBudgetMillis(3_000)).as("the budget spent: the next wait ends at once").isEqualTo(1L);
    }
}
