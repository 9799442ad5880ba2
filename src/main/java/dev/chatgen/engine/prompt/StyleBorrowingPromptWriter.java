package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.encode.DemoIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded stage 1: the subject phrases the person wrote, framed by the chosen model's own
 * style segments, plus the reusable style vocabulary ("cinematic lighting", "highly detailed") of
 * the model's demonstrations nearest to the request. Exclusions join the model's usual negative prompt.
 */
public final class StyleBorrowingPromptWriter implements PromptWriter {
    /** How many of the model's nearest demonstrations lend vocabulary, and how many segments they may lend. */
    private static final int NEAREST = 3;
    private static final int MAX_BORROWED = 4;
    /** A segment used by at least this many demonstrations is reusable vocabulary, not one picture's subject. */
    private static final int REUSABLE = 3;

    private final ModelCatalog catalog;
    private final DemoIndex demos;
    private final List<ModelStyle> styles;
    private final Set<String> reusable;

    public StyleBorrowingPromptWriter(ModelCatalog catalog, DemoIndex demos) {
        this.catalog = catalog;
        this.demos = demos;
        List<ModelStyle> s = new ArrayList<>(catalog.size());
        for (int i = 0; i < catalog.size(); i++) {
            s.add(ModelStyle.of(catalog.model(i), catalog.demonstrationsOf(i)));
        }
        this.styles = List.copyOf(s);
        Map<String, Integer> usage = new HashMap<>();
        for (Demonstration d : catalog.demonstrations()) {
            Segments.split(d.prompt()).stream().map(Segments::key).distinct().forEach(k -> usage.merge(k, 1, Integer::sum));
        }
        Set<String> common = new HashSet<>();
        usage.forEach((k, n) -> {
            if (n >= REUSABLE && !k.startsWith("<lora:")) {
                common.add(k);
            }
        });
        this.reusable = Set.copyOf(common);
    }

    public ModelStyle styleOf(T2IModel model) {
        return styles.get(catalog.indexOf(model.id()));
    }

    @Override
    public WrittenPrompt write(ReadRequest request, T2IModel model, float[] features) {
        ModelStyle style = styleOf(model);
        Set<String> seen = new HashSet<>();
        List<String> segments = new ArrayList<>();
        addAll(segments, seen, style.lead());
        addAll(segments, seen, request.subject());
        Set<String> excluded = new HashSet<>(request.exclusions());
        List<String> borrowedFrom = new ArrayList<>();
        int borrowed = 0;
        for (int d : demos.nearestOf(catalog.indexOf(model.id()), features, NEAREST)) {
            Demonstration demo = demos.demonstration(d);
            borrowedFrom.add(demo.demoId());
            for (String segment : Segments.split(demo.prompt())) {
                String key = Segments.key(segment);
                if (borrowed < MAX_BORROWED && reusable.contains(key) && excluded.stream().noneMatch(key::contains) && seen.add(key)) {
                    segments.add(segment);
                    borrowed++;
                }
            }
        }
        addAll(segments, seen, style.tail());
        Set<String> negative = new LinkedHashSet<>(request.exclusions());
        List<String> notes = new ArrayList<>();
        if (!request.exclusions().isEmpty()) {
            notes.add("left out as asked: " + String.join(", ", request.exclusions()));
        }
        negative.addAll(Segments.split(style.negativePrompt()));
        return new WrittenPrompt(Segments.join(segments), Segments.join(List.copyOf(negative)), borrowedFrom, notes);
    }

    private static void addAll(List<String> segments, Set<String> seen, List<String> more) {
        for (String s : more) {
            if (seen.add(Segments.key(s))) {
                segments.add(s);
            }
        }
    }
}
