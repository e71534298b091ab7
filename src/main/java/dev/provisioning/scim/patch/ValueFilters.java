package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.filter.Filter;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributeDefinition;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The two calls PATCH makes into the filter package: parse the text between {@code [ ]} and test
 * one element against it.
 *
 * <p>TEMPORARY: {@code FilterParser} / {@code FilterEvaluator} are being written on branch
 * {@code core-filter}; until that branch is merged they are looked up reflectively so that this
 * branch compiles on its own (tests supply a stand-in). Once merged, replace the bodies with
 * direct calls {@code FilterParser.parse(text)} and {@code FilterEvaluator.matchesElement(...)}.
 */
final class ValueFilters {
    private static final MethodHandle PARSE;
    private static final MethodHandle MATCHES;

    static {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            Class<?> parser = Class.forName("dev.provisioning.scim.filter.FilterParser");
            Class<?> evaluator = Class.forName("dev.provisioning.scim.filter.FilterEvaluator");
            PARSE = lookup.findStatic(parser, "parse", MethodType.methodType(Filter.class, String.class));
            MATCHES = lookup.findStatic(evaluator, "matchesElement",
                    MethodType.methodType(boolean.class, Filter.class, JsonNode.class, AttributeDefinition.class));
        } catch (ReflectiveOperationException missing) {
            throw new ExceptionInInitializerError(missing);
        }
    }

    private ValueFilters() {
    }

    static Filter parse(String text) {
        try {
            return (Filter) PARSE.invokeExact(text);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(Filter filter, JsonNode element, AttributeDefinition multiValuedAttribute) {
        try {
            return (boolean) MATCHES.invokeExact(filter, element, multiValuedAttribute);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
