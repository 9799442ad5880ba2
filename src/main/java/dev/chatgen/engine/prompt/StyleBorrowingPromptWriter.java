package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded stage 1: the subject phrases the person wrote, framed by the chosen model's own
 * style segments; their exclusions join the model's usual negative prompt.
 */
public final class StyleBorrowingPromptWriter implements PromptWriter {
    private final ModelCatalog catalog;
    private final List<ModelStyle> styles;

    public StyleBorrowingPromptWriter(ModelCatalog catalog) {
        this.catalog = catalog;
        List<ModelStyle> s = new ArrayList<>(catalog.size());
        for (int i = 0; i < catalog.size(); i++) {
            s.add(ModelStyle.of(catalog.model(i), catalog.demonstrationsOf(i)));
        }
        this.styles = List.copyOf(s);
    }

    public ModelStyle styleOf(T2IModel model) {
        return styles.get(catalog.indexOf(model.id()));
    }

    @Override
    public WrittenPrompt write(ReadRequest request, T2IModel model) {
        ModelStyle style = styleOf(model);
        Set<String> seen = new HashSet<>();
        List<String> segments = new ArrayList<>();
        addAll(segments, seen, style.lead());
        addAll(segments, seen, request.subject());
        addAll(segments, seen, style.tail());
        Set<String> negative = new LinkedHashSet<>(request.exclusions());
        List<String> notes = new ArrayList<>();
        if (!request.exclusions().isEmpty()) {
            notes.add("left out as asked: " + String.join(", ", request.exclusions()));
        }
        negative.addAll(Segments.split(style.negativePrompt()));
        return new WrittenPrompt(Segments.join(segments), Segments.join(List.copyOf(negative)), style.sources(), notes);
    }

    private static void addAll(List<String> segments, Set<String> seen, List<String> more) {
        for (String s : more) {
            if (seen.add(Segments.key(s))) {
                segments.add(s);
            }
        }
    }
}
