package io.dbdock.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Like {@link RequiresDocker}, for tests that open real windows (dbdock.gui.required). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDisplay.Condition.class)
public @interface RequiresDisplay {
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String problem = Requirements.displayProblem();
            if (problem == null || Boolean.getBoolean("dbdock.gui.required")) {
                return ConditionEvaluationResult.enabled("a display is there, or required");
            }
            Requirements.shout("GUI TESTS SKIPPED: " + problem);
            return ConditionEvaluationResult.disabled("GUI TESTS SKIPPED: " + problem);
        }
    }
}
