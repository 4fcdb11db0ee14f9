package io.dbdock.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that needs the Docker engine and stand-in images. Without them its tests
 * are reported as skipped (loudly), unless dbdock.docker.required is set: then they run and fail.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String problem = Requirements.dockerProblem();
            if (problem == null || Boolean.getBoolean("dbdock.docker.required")) {
                return ConditionEvaluationResult.enabled("Docker is there, or required");
            }
            Requirements.shout("DOCKER TESTS SKIPPED: " + problem);
            return ConditionEvaluationResult.disabled("DOCKER TESTS SKIPPED: " + problem);
        }
    }
}
