package dev.backstop.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;

/**
 * A custom rule's condition: a CEL expression over {@code change} and {@code plan} (both maps), compiled and
 * type-checked once when the policy loads, evaluated per change. CEL cannot loop forever or touch the outside
 * world, which is why it is safe to run policy written by many teams inside the gate.
 */
final class CelCondition {
    /** Built on first use: a policy without custom rules never loads CEL. */
    private static final class Engine {
        static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("change", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addVar("plan", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .setResultType(SimpleType.BOOL)
                .build();
        static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    }

    /** Evaluation failed for one change (a missing key, say); the message never holds a value from the plan. */
    static final class EvaluationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        EvaluationFailure(String message) {
            super(message);
        }
    }

    private final String expression;
    private final CelRuntime.Program program;

    private CelCondition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /**
     * @param where maps a 1-based line and 0-based column inside the expression to a position in the policy file
     * @throws PolicyException when the expression does not parse or type-check, at the first problem's position
     */
    static CelCondition compile(String expression, ExpressionPositions where) {
        try {
            CelAbstractSyntaxTree ast = Engine.COMPILER.compile(expression).getAst();
            return new CelCondition(expression, Engine.RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            CelIssue first = e.getErrors().get(0);
            SourcePosition position = where.position(first.getSourceLocation().getLine(),
                    first.getSourceLocation().getColumn());
            throw new PolicyException(position, "condition does not compile: " + first.getMessage()
                    + (e.getErrors().size() > 1 ? " (and " + (e.getErrors().size() - 1) + " more)" : ""));
        } catch (CelEvaluationException e) {
            throw new PolicyException(where.position(1, 0), "condition cannot be prepared: " + e.getMessage());
        }
    }

    boolean test(Map<String, Object> change, Map<String, Object> plan) throws EvaluationFailure {
        try {
            Object result = program.eval(Map.of("change", change, "plan", plan));
            if (result instanceof Boolean value) {
                return value;
            }
            throw new EvaluationFailure("the condition did not give true or false");
        } catch (CelEvaluationException e) {
            // Only a missing key is named (its name comes from the policy or the provider schema); other messages
            // can quote a value from the plan, so just their kind is given.
            String kind = e.getErrorCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            String message = e.getErrorCode() == dev.cel.common.CelErrorCode.ATTRIBUTE_NOT_FOUND
                    ? e.getMessage().replaceFirst("^evaluation error at <input>:\\d+: ", "")
                    : kind;
            throw new EvaluationFailure(message);
        }
    }

    String expression() {
        return expression;
    }

    /** Translates a position inside the expression to where it is in the policy file. */
    @FunctionalInterface
    interface ExpressionPositions {
        SourcePosition position(int line, int column);
    }
}
