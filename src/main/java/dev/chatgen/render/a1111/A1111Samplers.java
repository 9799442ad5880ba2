package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The samplers ({@code GET /sdapi/v1/samplers}) and, from web UI 1.9 on, schedulers ({@code GET /sdapi/v1/schedulers})
 * a server lists, and the choice of what to send for a plan's single-name sampler such as "DPM++ 2M Karras".
 *
 * <p>From 1.9 the schedule is a separate field: "DPM++ 2M Karras" is sent as {@code sampler_name} "DPM++ 2M" plus
 * {@code scheduler} "karras". Older servers (their {@code /schedulers} is a 404) list the combined names and get them
 * as they are. A sampler the server lacks is not a reason to refuse the picture: the nearest one it has is used
 * (the same sampler with its default schedule, else "Euler a", else its first) and {@link SamplerChoice#note()} says so.
 *
 * @param schedulers empty on a server before 1.9
 */
record A1111Samplers(List<Sampler> samplers, Optional<List<Scheduler>> schedulers) {

    // Schedule suffixes of pre-1.9 names, used to find the plain sampler on a server that has no scheduler list.
    private static final List<String> OLD_SCHEDULE_SUFFIXES = List.of("Karras", "Exponential", "Polyexponential", "SGM Uniform");
    private static final List<String> FALLBACKS = List.of("Euler a", "Euler");

    A1111Samplers {
        samplers = List.copyOf(samplers);
        schedulers = schedulers.map(List::copyOf);
    }

    record Sampler(String name, List<String> aliases) {
        Sampler {
            aliases = List.copyOf(aliases);
        }

        boolean answersTo(String wanted) {
            return name.equalsIgnoreCase(wanted) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(wanted));
        }
    }

    /** A 1.9+ scheduler: {@code name} is sent ("karras"), {@code label} is written in infotext ("Karras"). */
    record Scheduler(String name, String label, List<String> aliases) {
        Scheduler {
            aliases = List.copyOf(aliases);
        }

        List<String> spellings() {
            List<String> all = new ArrayList<>(List.of(label, name));
            all.addAll(aliases);
            return all.stream().filter(s -> !s.isBlank()).toList();
        }
    }

    /** From the two replies; {@code schedulerList} is empty when the server answered 404. */
    static A1111Samplers parse(JsonNode samplerList, Optional<JsonNode> schedulerList) {
        List<Sampler> samplers = new ArrayList<>();
        for (JsonNode s : samplerList) {
            samplers.add(new Sampler(s.path("name").asText(), strings(s.path("aliases"))));
        }
        return new A1111Samplers(samplers, schedulerList.map(list -> {
            List<Scheduler> schedulers = new ArrayList<>();
            for (JsonNode s : list) {
                schedulers.add(new Scheduler(s.path("name").asText(), s.path("label").asText(s.path("name").asText()), strings(s.path("aliases"))));
            }
            return schedulers;
        }));
    }

    SamplerChoice choose(String planned) {
        String wanted = planned.strip();
        if (samplers.isEmpty()) {
            return SamplerChoice.exact(wanted);
        }
        if (schedulers.isPresent()) {
            Optional<SamplerChoice> split = split(wanted);
            if (split.isPresent()) {
                return split.get();
            }
        }
        Optional<Sampler> exact = find(wanted);
        if (exact.isPresent()) {
            return SamplerChoice.exact(exact.get().name());
        }
        return nearest(wanted);
    }

    /** "DPM++ 2M Karras" -> "DPM++ 2M" + "karras", when the server lists both halves. */
    private Optional<SamplerChoice> split(String wanted) {
        for (Scheduler scheduler : schedulers.orElse(List.of())) {
            for (String spelling : scheduler.spellings()) {
                String suffix = " " + spelling;
                if (wanted.length() > suffix.length() && wanted.regionMatches(true, wanted.length() - suffix.length(), suffix, 0, suffix.length())) {
                    Optional<Sampler> base = find(wanted.substring(0, wanted.length() - suffix.length()).strip());
                    if (base.isPresent()) {
                        return Optional.of(new SamplerChoice(base.get().name(), Optional.of(scheduler.name()),
                                Optional.of(scheduler.label()), Optional.empty()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private SamplerChoice nearest(String wanted) {
        List<String> suffixes = schedulers.map(list -> list.stream().flatMap(s -> s.spellings().stream()).toList())
                .orElse(OLD_SCHEDULE_SUFFIXES);
        for (String spelling : suffixes) {
            String suffix = " " + spelling;
            if (wanted.length() > suffix.length() && wanted.regionMatches(true, wanted.length() - suffix.length(), suffix, 0, suffix.length())) {
                Optional<Sampler> base = find(wanted.substring(0, wanted.length() - suffix.length()).strip());
                if (base.isPresent()) {
                    return new SamplerChoice(base.get().name(), Optional.empty(), Optional.empty(), Optional.of(
                            "the server has no " + spelling + " schedule for " + base.get().name() + "; used its default schedule"));
                }
            }
        }
        Sampler fallback = FALLBACKS.stream().map(this::find).flatMap(Optional::stream).findFirst().orElse(samplers.get(0));
        return new SamplerChoice(fallback.name(), Optional.empty(), Optional.empty(),
                Optional.of("the server has no sampler \"" + wanted + "\"; used \"" + fallback.name() + "\" instead"));
    }

    private Optional<Sampler> find(String wanted) {
        return samplers.stream().filter(s -> s.answersTo(wanted)).findFirst();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isTextual()) {
                out.add(item.asText());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return samplers.size() + " samplers" + schedulers.map(s -> ", " + s.size() + " schedulers").orElse(", no scheduler list");
    }
}
