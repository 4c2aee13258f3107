import type { Question } from '../scenario/schema.js';
import type { ExploreResult } from './explore.js';

/** What `explore` found about a file's `question:`. */
export interface QuestionAnswer {
  readonly outcome: string;
  /** The answer the file states. */
  readonly expected: 'reachable' | 'unreachable';
  /** `unknown` when the search stopped at its state cap before seeing every state within the depth. */
  readonly answer: 'reachable' | 'unreachable' | 'unknown';
  readonly asExpected: boolean;
  /** The answer in a sentence. */
  readonly sentence: string;
}

/** What exploring found about the file's question, and whether that is the answer the file states. */
export function answerOf(question: Question, result: ExploreResult): QuestionAnswer {
  const found = result.outcomes.find((o) => o.id === question.outcome);
  const text = found?.text ?? question.outcome;
  const reached = found?.path != null;
  // Unreachable is an answer only when every state within the depth was seen.
  const cut = result.bound === 'max-states' || result.bound === 'stopped';
  const answer = reached ? 'reachable' : cut ? 'unknown' : 'unreachable';
  const within = `within ${result.limits.depth ?? 'any'} move(s) of ${result.movers.join(', ')}`;
  const sentence =
    answer === 'reachable'
      ? `Question: "${text}" is reachable ${within}`
      : answer === 'unreachable'
        ? `Question: "${text}" is unreachable ${within}`
        : result.bound === 'stopped'
          ? `Question: "${text}" is not answered: the search was stopped after ${result.states.toLocaleString('en-GB')} states, before it saw every state within the depth`
          : `Question: "${text}" is not answered: the search stopped at ${result.limits.maxStates.toLocaleString('en-GB')} states (raise --max-states)`;
  return {
    outcome: question.outcome,
    expected: question.answer,
    answer,
    asExpected: answer === question.answer,
    sentence,
  };
}
