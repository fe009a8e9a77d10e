package io.exmy.fit.solve;

/**
 * Maps a residual r to g(r) so that an objective becomes half a sum of squares:
 * identity for least squares; for Huber(delta),
 * g(r) = r when |r| <= delta and sign(r) sqrt(2 delta |r| - delta^2) beyond, because then
 * g(r)^2 / 2 = delta (|r| - delta/2), the Huber loss. g is continuously differentiable
 * (g' = 1 at |r| = delta from both sides), so Gauss-Newton steps are well defined.
 */
interface ResidualTransform {
    double value(double r);

    double derivative(double r);

    ResidualTransform IDENTITY = new ResidualTransform() {
        @Override
        public double value(double r) {
            return r;
        }

        @Override
        public double derivative(double r) {
            return 1;
        }
    };

    static ResidualTransform huber(double delta) {
        return new ResidualTransform() {
            @Override
            public double value(double r) {
                double a = Math.abs(r);
                return a <= delta ? r : Math.copySign(Math.sqrt(2 * delta * a - delta * delta), r);
            }

            @Override
            public double derivative(double r) {
                double a = Math.abs(r);
                return a <= delta ? 1 : delta / Math.sqrt(2 * delta * a - delta * delta);
            }
        };
    }
}
