package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Once started, the service's Mutiny callbacks are not wrapped by context propagation (or anything else). */
@QuarkusTest
class MutinyCallbacksTest {

    @Test
    void callbacksAreNotDecorated() {
        Function<String, String> callback = String::trim;
        Runnable task = () -> { };
        assertThat(Infrastructure.decorate(callback)).isSameAs(callback);
        assertThat(Infrastructure.decorate(task)).isSameAs(task);
    }
}
