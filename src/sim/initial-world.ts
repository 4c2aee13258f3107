/** The initial world of a scenario; defined beside the scenario schema, re-exported for the simulation. */
export { initialContext, initialValue } from '../scenario/initial-world.js';
