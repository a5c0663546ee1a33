// A JavaScript monitor module whose evaluation never returns: an endless
// loop at its top level, on the one JavaScript thread.
const {GObject, Scalyr} = imports.gi;

for (;;) {
}

GObject.registerClass(class JsStuckImport extends Scalyr.Monitor {  // never reached
    vfunc_gather_sample() {
        return true;
    }
});
