package dev.chatgen.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The Stable Diffusion family a model belongs to, with the image sizes that family renders well. */
public enum BaseModel {
    SD15("SD 1.5", 512, 256, 1024),
    SDXL("SDXL 1.0", 1024, 512, 2048);

    private final String label;
    private final int nativeSide;
    private final int minSide;
    private final int maxSide;

    BaseModel(String label, int nativeSide, int minSide, int maxSide) {
        this.label = label;
        this.nativeSide = nativeSide;
        this.minSide = minSide;
        this.maxSide = maxSide;
    }

    /** As written in catalog files: "SD 1.5" or "SDXL 1.0". */
    public String label() {
        return label;
    }

    /** The square side the family was trained at; other sizes keep roughly its pixel count. */
    public int nativeSide() {
        return nativeSide;
    }

    public int minSide() {
        return minSide;
    }

    public int maxSide() {
        return maxSide;
    }

    public boolean accepts(int width, int height) {
        return width >= minSide && width <= maxSide && height >= minSide && height <= maxSide;
    }

    public static Optional<BaseModel> fromLabel(String label) {
        return Arrays.stream(values()).filter(b -> b.label.equalsIgnoreCase(label)).findFirst();
    }
}
