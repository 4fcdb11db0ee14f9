package io.dbdock.cli;

import io.dbdock.instance.InputRules;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A host port as typed: refused in the same words as everywhere else in dbdock. */
final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String problem = InputRules.portTextProblem(value);
        if (problem != null) {
            throw new TypeConversionException(problem);
        }
        return Integer.parseInt(value.trim());
    }
}
