package dev.chatgen.catalog;

import java.util.List;

/** A catalog that cannot be used; the message has one line per problem, each naming file and line. */
public final class CatalogException extends RuntimeException {
    private final List<String> problems;

    public CatalogException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
