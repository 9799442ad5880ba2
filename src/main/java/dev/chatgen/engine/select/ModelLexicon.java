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
import java.util.Locale;
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

    private final List<List<List<String>>> aliasesByModel = new ArrayList<>();
    private final List<List<Tag>> tagsByModel = new ArrayList<>();

    private record Tag(List<String> words, double weight) {
    }

    public ModelLexicon(ModelCatalog catalog) {
        Map<String, Integer> requestWordCounts = new HashMap<>();
        for (Demonstration d : catalog.demonstrations()) {
            new HashSet<>(Words.of(String.join(" ", d.turns()))).forEach(w -> requestWordCounts.merge(w, 1, Integer::sum));
        }
        int requests = Math.max(1, catalog.demonstrations().size());
        Map<List<String>, Integer> tagModels = new HashMap<>();
        List<Set<List<String>>> tagSets = new ArrayList<>();
        for (T2IModel m : catalog.models()) {
            Set<List<String>> tags = new LinkedHashSet<>();
            for (String t : m.tags()) {
                addIfUseful(tags, Words.stems(Words.of(t)));
            }
            for (String t : m.triggerWords()) {
                addIfUseful(tags, Words.stems(Words.of(t)));
            }
            tags.forEach(t -> tagModels.merge(t, 1, Integer::sum));
            tagSets.add(tags);
            aliasesByModel.add(aliases(m, requestWordCounts, requests));
        }
        double models = catalog.size();
        for (Set<List<String>> tags : tagSets) {
            tagsByModel.add(tags.stream().map(t -> new Tag(t, Math.log(1 + models / tagModels.get(t)))).toList());
        }
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
        Set<String> present = new HashSet<>(stemmed);
        Set<Integer> named = new LinkedHashSet<>();
        Map<Integer, Double> scores = new HashMap<>();
        for (int m = 0; m < aliasesByModel.size(); m++) {
            for (List<String> alias : aliasesByModel.get(m)) {
                if (containsSequence(words, alias)) {
                    named.add(m);
                    break;
                }
            }
            double s = 0;
            for (Tag t : tagsByModel.get(m)) {
                if (t.words.size() == 1 ? present.contains(t.words.get(0)) : containsSequence(stemmed, t.words)) {
                    s += t.weight;
                }
            }
            if (s > 0) {
                scores.put(m, s);
            }
        }
        return new Reading(named, scores);
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
        return w.matches("v?\\d+[a-z]?\\d*") || w.matches("(beta|alpha|rc)\\d*");
    }

    private static boolean containsSequence(List<String> words, List<String> seq) {
        outer:
        for (int i = 0; i + seq.size() <= words.size(); i++) {
            for (int k = 0; k < seq.size(); k++) {
                if (!words.get(i + k).equals(seq.get(k))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
