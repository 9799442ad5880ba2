package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.T2IModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt vocabulary a model's community uses, read off its demonstrations: segments that
 * recur in most of its prompts ("RAW photo", "8k uhd", "masterpiece, best quality", its LoRA tag
 * and trigger words), split into those written before the subject and those after, and the
 * negative prompt its demonstrations use most.
 */
public record ModelStyle(List<String> lead, List<String> tail, String negativePrompt, List<String> sources) {
    /** Share of a model's demonstrations a segment must appear in to count as its style. */
    private static final double MIN_SHARE = 0.4;
    /** Segments whose mean position falls in the first part of the prompt lead it. */
    private static final double LEAD_POSITION = 0.34;

    public ModelStyle {
        lead = List.copyOf(lead);
        tail = List.copyOf(tail);
        sources = List.copyOf(sources);
    }

    public static ModelStyle of(T2IModel model, List<Demonstration> demos) {
        Map<String, Stats> bySegment = new LinkedHashMap<>();
        for (Demonstration d : demos) {
            List<String> segments = Segments.split(d.prompt());
            Map<String, Integer> firstPosition = new HashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                firstPosition.putIfAbsent(Segments.key(segments.get(i)), i);
            }
            for (var e : firstPosition.entrySet()) {
                String original = segments.get(e.getValue());
                Stats s = bySegment.computeIfAbsent(e.getKey(), k -> new Stats(original));
                s.count++;
                s.positionSum += segments.size() <= 1 ? 0 : (double) e.getValue() / (segments.size() - 1);
            }
        }
        int needed = Math.max(2, (int) Math.ceil(MIN_SHARE * demos.size()));
        List<String> lead = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        bySegment.values().stream()
                .filter(s -> s.count >= needed)
                .sorted(Comparator.comparingDouble(Stats::meanPosition))
                .forEach(s -> (s.meanPosition() < LEAD_POSITION ? lead : tail).add(s.text));
        if (model.isLora()) {
            addMissing(lead, model.loraTag(), 0);
            for (String trigger : model.triggerWords()) {
                addMissing(lead, trigger, lead.size());
            }
        }
        List<String> sources = demos.stream().map(Demonstration::demoId).toList();
        return new ModelStyle(lead, tail, mostCommonNegative(demos), sources);
    }

    private static void addMissing(List<String> segments, String segment, int at) {
        String key = Segments.key(segment);
        boolean present = segments.stream().anyMatch(s -> Segments.key(s).equals(key)
                || (key.startsWith("<lora:") && Segments.key(s).startsWith(key.substring(0, key.lastIndexOf(':') + 1))));
        if (!present) {
            segments.add(Math.min(at, segments.size()), segment);
        }
    }

    private static String mostCommonNegative(List<Demonstration> demos) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        demos.forEach(d -> counts.merge(d.negativePrompt().strip(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    private static final class Stats {
        final String text;
        int count;
        double positionSum;

        Stats(String text) {
            this.text = text;
        }

        double meanPosition() {
            return positionSum / count;
        }
    }
}
