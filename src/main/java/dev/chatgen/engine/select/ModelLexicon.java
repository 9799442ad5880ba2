package dev.chatgen.engine.select;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.prompt.Words;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the words of a request say about models directly, beside the encoder's reading:
 * a model named outright ("zavychroma pls", "with the vintage photo lora") and the model tags
 * and trigger words the request contains ("comic", "isometric", "watercolor"), each tag weighted
 * by how few models carry it. A sentence encoder blurs such single decisive words; these keep them.
 */
public final class ModelLexicon {
    /** Words that say nothing about which model, even when they are part of a model's name. */
    private static final Set<String> GENERIC = Set.of("lora", "style", "model", "type", "a", "the", "xl", "sdxl", "sd",
            "mix", "v", "base", "version", "by", "of", "and", "ai", "diffusion", "checkpoint");
    /**
     * Everyday words some models are named after: alone they describe a picture, not a model
     * ("draw anything", "a comic"); the tags weigh them instead.
     */
    private static final Set<String> EVERYDAY = Set.of("anything", "deliberate", "realistic", "real", "reality", "photo",
            "photon", "dream", "dreams", "vision", "anime", "pixel", "comic", "cartoon", "art", "fantasy", "magic", "dark",
            "night", "light", "landscape", "interior", "design", "product", "food", "photography", "vintage", "retro", "film",
            "analog", "logo", "sticker", "stickers", "watercolor", "ink", "paper", "map", "tarot", "horror", "portrait",
            "isometric", "epic", "absolute", "minimal", "detail", "details", "noise", "offset", "polaroid", "steampunk",
            "cyberpunk", "synthwave", "lineart", "manga", "chibi", "toon", "blindbox", "architecture", "rpg", "monsters");
    /** A one-word name must be rarer than this in requests to count as naming the model. */
    private static final double COMMON_WORD_SHARE = 0.01;

    /** Model names by their first word, and tags by their first (folded) word: a request only looks up its own words. */
    private final Map<String, List<Alias>> aliasesByFirstWord = new HashMap<>();
    private final Map<String, List<List<String>>> tagsByFirstWord = new HashMap<>();
    private final Map<List<String>, Tag> tags = new HashMap<>();

    private record Alias(int model, List<String> words) {
    }

    private record Tag(List<Integer> models, double weight) {
    }

    public ModelLexicon(ModelCatalog catalog) {
        Map<String, Integer> requestWordCounts = new HashMap<>();
        for (Demonstration d : catalog.demonstrations()) {
            new HashSet<>(Words.of(String.join(" ", d.turns()))).forEach(w -> requestWordCounts.merge(w, 1, Integer::sum));
        }
        int requests = Math.max(1, catalog.demonstrations().size());
        Map<List<String>, List<Integer>> modelsByTag = new HashMap<>();
        for (int m = 0; m < catalog.size(); m++) {
            T2IModel model = catalog.model(m);
            Set<List<String>> own = new LinkedHashSet<>();
            for (String t : model.tags()) {
                addIfUseful(own, Words.stems(Words.of(t)));
            }
            for (String t : model.triggerWords()) {
                addIfUseful(own, Words.stems(Words.of(t)));
            }
            for (List<String> t : own) {
                modelsByTag.computeIfAbsent(t, k -> new ArrayList<>()).add(m);
            }
            for (List<String> alias : aliases(model, requestWordCounts, requests)) {
                aliasesByFirstWord.computeIfAbsent(alias.get(0), k -> new ArrayList<>()).add(new Alias(m, alias));
            }
        }
        double models = catalog.size();
        modelsByTag.forEach((t, ms) -> {
            tags.put(t, new Tag(List.copyOf(ms), Math.log(1 + models / ms.size())));
            tagsByFirstWord.computeIfAbsent(t.get(0), k -> new ArrayList<>()).add(t);
        });
    }

    private static void addIfUseful(Set<List<String>> tags, List<String> words) {
        List<String> useful = words.stream().filter(w -> !GENERIC.contains(w)).toList();
        if (!useful.isEmpty()) {
            tags.add(useful);
        }
    }

    /** The reading of one request: models named outright, and tag scores by model index (sparse). */
    public record Reading(Set<Integer> named, Map<Integer, Double> tagScores) {
    }

    public Reading read(String text) {
        List<String> words = Words.of(text);
        List<String> stemmed = Words.stems(words);
        Set<Integer> named = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            for (Alias alias : aliasesByFirstWord.getOrDefault(words.get(i), List.of())) {
                if (startsAt(words, i, alias.words())) {
                    named.add(alias.model());
                }
            }
        }
        Set<List<String>> matched = new HashSet<>();
        for (int i = 0; i < stemmed.size(); i++) {
            for (List<String> tag : tagsByFirstWord.getOrDefault(stemmed.get(i), List.of())) {
                if (startsAt(stemmed, i, tag)) {
                    matched.add(tag);
                }
            }
        }
        Map<Integer, Double> scores = new HashMap<>();
        for (List<String> t : matched) {
            Tag tag = tags.get(t);
            for (int m : tag.models()) {
                scores.merge(m, tag.weight(), Double::sum);
            }
        }
        return new Reading(named, Strongest.of(scores));
    }

    private static List<List<String>> aliases(T2IModel m, Map<String, Integer> requestWordCounts, int requests) {
        Set<List<String>> candidates = new LinkedHashSet<>();
        for (String source : List.of(m.name().replaceAll("\\(.*?\\)", " "), splitIdentifier(m.id()))) {
            List<String> words = new ArrayList<>(Words.of(source).stream().filter(w -> !isVersion(w)).toList());
            // "Comic Style XL" is also called "comic style"; "ZavyChromaXL" just "zavychroma".
            while (!words.isEmpty()) {
                candidates.add(List.copyOf(words));
                if (!GENERIC.contains(words.get(words.size() - 1))) {
                    break;
                }
                words.remove(words.size() - 1);
            }
            candidates.add(Words.of(source).stream().filter(w -> !isVersion(w) && !GENERIC.contains(w)).toList());
            candidates.add(Words.of(source)); // with its version: "anything v5"
        }
        List<List<String>> out = new ArrayList<>();
        for (List<String> alias : candidates) {
            boolean distinctive = alias.size() >= 2
                    || (alias.size() == 1 && alias.get(0).length() >= 4 && !EVERYDAY.contains(alias.get(0))
                    && requestWordCounts.getOrDefault(alias.get(0), 0) < COMMON_WORD_SHARE * requests);
            if (distinctive) {
                out.add(alias);
            }
        }
        return out;
    }

    /** "zavychromaXL_v7" -> "zavychroma XL v7". */
    private static String splitIdentifier(String id) {
        return id.replace('_', ' ').replaceAll("(?<=[a-z])(?=[A-Z])", " ").replaceAll("(?<=[a-zA-Z])(?=\\d)", " ");
    }

    private static boolean isVersion(String w) {
        // "v5", "1", "x34" (Protogen x3.4), "beta6": what a version looks like once split into words.
        return w.matches("[a-z]?\\d+[a-z]?\\d*") || w.matches("(beta|alpha|rc)\\d*");
    }

    private static boolean startsAt(List<String> words, int start, List<String> seq) {
        if (start + seq.size() > words.size()) {
            return false;
        }
        for (int k = 0; k < seq.size(); k++) {
            if (!words.get(start + k).equals(seq.get(k))) {
                return false;
            }
        }
        return true;
    }
}
