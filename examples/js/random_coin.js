// random_coin.js: the plugin guide's random coin monitor in JavaScript (GJS).
//
// Every sample interval it reports a number picked uniformly from [0, 1)
// and one picked from a gaussian distribution, with the count of samples:
//
//   scalyr-run-monitor -p examples/js -c "{ gauss_mean: 8.5 }" -s 1 random_coin
//
// SPDX-License-Identifier: Apache-2.0
const {GObject, Scalyr} = imports.gi;

// Marsaglia's polar method
function gauss(mean, stddev) {
    let u, v, s;
    do {
        u = 2 * Math.random() - 1;
        v = 2 * Math.random() - 1;
        s = u * u + v * v;
    } while (s >= 1 || s === 0);
    return mean + stddev * u * Math.sqrt(-2 * Math.log(s) / s);
}

const RandomCoin = GObject.registerClass(
class RandomCoin extends Scalyr.Monitor {
    vfunc_initialize() {
        const config = this.get_config();
        // Optional fields with defaults and bounds; pass
        // Scalyr.ConfigFlags.REQUIRED to make one required.
        this._gaussMean = config.get_double('gauss_mean', Scalyr.ConfigFlags.NONE, 0.5, 0, 10);
        this._gaussStddev = config.get_double('gauss_stddev', Scalyr.ConfigFlags.NONE, 0.25, 0, 5);
        this._counter = 0;
        this._fields = Scalyr.ExtraFields.new();
        return true;
    }

    vfunc_gather_sample() {
        this._counter++;
        this._fields.set_int('count', this._counter);
        const logger = this.get_logger();
        logger.emit_double('uniform', Math.random(), this._fields);
        logger.emit_double('gauss', gauss(this._gaussMean, this._gaussStddev), this._fields);
        return true;
    }
});

// Documentation for `scalyr-run-monitor --inspect random_coin`.
Scalyr.Monitor.declare_description(RandomCoin.$gtype, 'Flips a random coin: uniform and gaussian random numbers.');
Scalyr.Monitor.declare_option(RandomCoin.$gtype,
    Scalyr.MonitorOption.new_double('gauss_mean', 'Mean of the gaussian distribution.', 0.5, 0, 10));
Scalyr.Monitor.declare_option(RandomCoin.$gtype,
    Scalyr.MonitorOption.new_double('gauss_stddev', 'Standard deviation of the gaussian distribution.', 0.25, 0, 5));
for (const name of ['uniform', 'gauss']) {
    const metric = Scalyr.MonitorMetric.new(name, name === 'uniform'
        ? 'A number picked uniformly from [0, 1).' : 'A number picked from the gaussian distribution.');
    metric.set_extra_fields(['count']);
    Scalyr.Monitor.declare_metric(RandomCoin.$gtype, metric);
}
