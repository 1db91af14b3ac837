package io.cairn.erasure;

/** Picks the fastest kernel this JVM can run. */
final class GaloisKernels {
    /** {@code -Dcairn.erasure.vector=false} forces the scalar kernel (to compare, or on a JIT without SIMD). */
    static final String VECTOR_PROPERTY = "cairn.erasure.vector";

    private static final GaloisKernel BEST = choose();

    private GaloisKernels() {
    }

    static GaloisKernel best() {
        return BEST;
    }

    private static GaloisKernel choose() {
        if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))) {
            return ScalarKernel.INSTANCE;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            System.getLogger(GaloisKernels.class.getName()).log(System.Logger.Level.WARNING,
                    "jdk.incubator.vector is not loaded (JVM flag --add-modules jdk.incubator.vector): "
                            + "erasure coding uses the slow scalar kernel");
            return ScalarKernel.INSTANCE;
        }
        if (!VectorKernel.supported()) {
            System.getLogger(GaloisKernels.class.getName()).log(System.Logger.Level.WARNING,
                    "this JVM has no 128-bit vectors: erasure coding uses the slow scalar kernel");
            return ScalarKernel.INSTANCE;
        }
        return VectorKernel.INSTANCE;
    }
}
