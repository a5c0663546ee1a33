// A JavaScript test monitor: counts, can fail on demand.
const {GObject, GLib, Scalyr} = imports.gi;

const JsCounter = GObject.registerClass(
class JsCounter extends Scalyr.Monitor {
    vfunc_initialize() {
        const config = this.get_config();
        this._mode = config.dup_string('mode', Scalyr.ConfigFlags.NONE, 'ok');
        this._step = config.get_int('step', Scalyr.ConfigFlags.NONE, 1, 1, 100);
        if (this._mode === 'throw-init')
            throw new TypeError('cannot read the counters');
        if (this._mode === 'slow-interval')
            this.set_sample_interval(0.25);
        this._total = 0;
        this._fields = Scalyr.ExtraFields.new();
        this._fields.set_string('mode', this._mode);
        return true;
    }

    vfunc_gather_sample() {
        this._total += this._step;
        if (this._mode === 'throw-sample' && this._total % 2 === 0)
            throw new RangeError(`even total ${this._total}`);
        if (this._mode === 'busy') {
            const end = Date.now() + 400;
            while (Date.now() < end)
                ;
        }
        this.get_logger().emit_int('total', this._total, this._fields);
        return true;
    }
});

Scalyr.Monitor.declare_option(JsCounter.$gtype, Scalyr.MonitorOption.new_int('step', 'Added each sample.', 1, 1, 100));
Scalyr.Monitor.declare_option(JsCounter.$gtype,
    Scalyr.MonitorOption.new_string('mode', 'How the counter behaves: ok, throw-init, throw-sample, busy, slow-interval.', 'ok'));
