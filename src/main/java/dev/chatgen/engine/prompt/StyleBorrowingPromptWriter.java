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
import java.util.regex.Pattern;

/**
 * The embedded stage 1: the subject phrases the person wrote, framed by the chosen model's own
 * style segments, plus the reusable style vocabulary ("cinematic lighting", "highly detailed") of
 * the model's demonstrations nearest to the request. Exclusions join the model's usual negative prompt.
 */
public final class StyleBorrowingPromptWriter implements PromptWriter {
    /** How many of the model's nearest demonstrations lend vocabulary, and how many segments they may lend. */
    private static final int NEAREST = 3;
    private static final int MAX_BORROWED = 4;
    /**
     * Shared vocabulary, not one picture's subject: a segment in the prompts of at least this many
     * models and this share of all demonstrations.
     */
    private static final int REUSABLE = 3;
    private static final double REUSABLE_SHARE = 0.01;
    /**
     * A word is style vocabulary when experts write it without being asked: in at least this share
     * of the prompts that use it, the request did not contain it ("detailed", "cinematic", "bokeh";
     * not "hat" or "dog", which people ask for).
     */
    private static final double UNASKED = 0.8;
    /** Booru head-count tags ("1girl", "2boys") describe the subject, whatever their statistics say. */
    private static final Pattern HEAD_COUNT = Pattern.compile("\\d+\\s*(girl|boy|other)s?");

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
        Map<String, Set<String>> usage = new HashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Demonstration d : catalog.demonstrations()) {
            for (String k : new HashSet<>(Segments.split(d.prompt()).stream().map(Segments::key).toList())) {
                usage.computeIfAbsent(k, x -> new HashSet<>()).add(d.model());
                uses.merge(k, 1, Integer::sum);
            }
        }
        double minUses = REUSABLE_SHARE * catalog.demonstrations().size();
        Map<String, int[]> asked = new HashMap<>();
        for (Demonstration d : catalog.demonstrations()) {
            Set<String> request = new HashSet<>(Words.of(String.join(" ", d.turns())));
            for (String w : new HashSet<>(Words.of(d.prompt()))) {
                int[] c = asked.computeIfAbsent(w, k -> new int[2]);
                c[0]++;
                if (!request.contains(w)) {
                    c[1]++;
                }
            }
        }
        Set<String> common = new HashSet<>();
        usage.forEach((k, models) -> {
            boolean styleWordsOnly = Words.of(k).stream().allMatch(w -> {
                int[] c = asked.get(w);
                return c != null && c[1] >= UNASKED * c[0];
            });
            if (models.size() >= REUSABLE && uses.get(k) >= minUses && !k.startsWith("<lora:") && styleWordsOnly && !HEAD_COUNT.matcher(k).matches()) {
                common.add(k);
            }
        });
        this.reusable = Set.copyOf(common);
    }

    public ModelStyle styleOf(T2IModel model) {
        return styles.get(catalog.indexOf(model.id()));
    }

    @Override
    public WrittenPrompt write(PromptRequest request) {
        return write(request.read(), request.model(), request.features());
    }

    /** The reader's view is all this writer needs: the subject phrases, the exclusions, and the features for the nearest demonstrations. */
    public WrittenPrompt write(ReadRequest request, T2IModel model, float[] features) {
        ModelStyle style = styleOf(model);
        Set<String> seen = new HashSet<>();
        List<String> segments = new ArrayList<>();
        addAll(segments, seen, style.lead());
        addAll(segments, seen, request.subject().stream().map(p -> withoutLeadingRepeat(p, style.lead())).filter(p -> !p.isBlank()).toList());
        Set<String> excluded = new HashSet<>(request.exclusions());
        List<String> borrowedFrom = new ArrayList<>();
        int borrowed = 0;
        for (int d : demos.nearestOf(catalog.indexOf(model.id()), features, NEAREST)) {
            Demonstration demo = demos.demonstration(d);
            borrowedFrom.add(demo.demoId());
            for (String segment : Segments.split(demo.prompt())) {
                String key = Segments.key(segment);
                if (borrowed < MAX_BORROWED && reusable.contains(key) && excluded.stream().noneMatch(key::contains)
                        && sharesNoWord(key, segments, style.tail()) && seen.add(key)) {
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

    /** "pixel art of a knight" after the trigger "pixel art" reads "a knight": the style is said once. */
    private static String withoutLeadingRepeat(String phrase, List<String> lead) {
        String lower = phrase.toLowerCase(java.util.Locale.ROOT);
        for (String segment : lead) {
            String key = Segments.key(segment);
            if (lower.startsWith(key + " ")) {
                String rest = phrase.substring(key.length()).strip().replaceFirst("^(?i)(of|in|with|style|art)\\s+", "");
                return rest.strip();
            }
        }
        return phrase;
    }

    /** "upper body" beside "full body" would contradict it; "soft lighting" beside "studio lighting" repeat it. */
    private static boolean sharesNoWord(String key, List<String> chosen, List<String> tail) {
        Set<String> words = new HashSet<>(Words.of(key));
        for (List<String> list : List.of(chosen, tail)) {
            for (String segment : list) {
                if (Words.of(segment).stream().anyMatch(words::contains)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void addAll(List<String> segments, Set<String> seen, List<String> more) {
        for (String s : more) {
            if (seen.add(Segments.key(s))) {
                segments.add(s);
            }
        }
    }
}
