// A promise kept in a variable while the function awaits something else is not observed during that
// await: if it rejects then, Node reports an unhandled rejection and ends the process, although the
// code awaits it later. no-floating-promises cannot see this (the promise is not floating: it is
// awaited, only too late). Await such promises together (Promise.all), or attach .catch at once.

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

function isThenable(checker, type) {
  if (type.isUnion()) return type.types.some((part) => isThenable(checker, part));
  const then = type.getProperty('then');
  if (!then) return false;
  const thenType = checker.getTypeOfSymbol(then);
  return thenType.getCallSignatures().length > 0;
}

/** A promise whose executor takes no reject function cannot reject (short of throwing at once). */
function cannotReject(node) {
  if (node.type !== 'NewExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'Promise')
    return false;
  const executor = node.arguments[0];
  return executor !== undefined && FUNCTION_TYPES.has(executor.type) && executor.params.length < 2;
}

/** `p.catch(...)` and `p.then(_, onRejected)` hold a promise whose rejection is already handled. */
function handlesRejection(node) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const name = node.callee.property.type === 'Identifier' ? node.callee.property.name : undefined;
  return name === 'catch' || (name === 'then' && node.arguments.length >= 2);
}

function enclosingFunction(node) {
  for (let current = node.parent; current; current = current.parent)
    if (FUNCTION_TYPES.has(current.type)) return current;
  return undefined;
}

function enclosingLoop(node, fn) {
  for (let current = node.parent; current && current !== fn; current = current.parent)
    if (LOOP_TYPES.has(current.type)) return current;
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'a promise held in a variable must not wait unobserved while another await runs' },
    messages: {
      heldAcrossAwait:
        'the promise in `{{name}}` is not observed while an earlier `await` runs: if it rejects meanwhile, the rejection is unhandled and ends the process. Await it together with the other work (Promise.all), or attach `.catch` when it is created.',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) return {};
    const checker = services.program.getTypeChecker();
    /** Suspension points (await, for await, yield) per function, by source position. */
    const suspensions = new Map();
    const note = (node, range = node.range) => {
      const fn = enclosingFunction(node);
      if (!fn) return;
      if (!suspensions.has(fn)) suspensions.set(fn, []);
      suspensions.get(fn).push(range);
    };
    // An await whose operand reads the promise suspends after the read: it does not count.
    const suspendsBetween = (fn, from, to) =>
      (suspensions.get(fn) ?? []).some(([start, end]) => start > from && end <= to);

    const checkWrite = (variable, write, reads) => {
      const value = write.writeExpr;
      if (!value || value.type === 'AwaitExpression' || handlesRejection(value) || cannotReject(value)) return;
      const fn = enclosingFunction(write.identifier);
      if (!fn) return;
      const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(value));
      if (!isThenable(checker, type)) return;
      const writtenAt = value.range[1];
      const next = reads.find((read) => read.identifier.range[0] > writtenAt);
      let held = false;
      const loop = enclosingLoop(write.identifier, fn);
      const firstReadInLoop = loop && reads.find((read) => read.identifier.range[0] >= loop.range[0]);
      if (next && (!loop || next.identifier.range[0] < loop.range[1])) {
        held = suspendsBetween(fn, writtenAt, next.identifier.range[0]);
      } else if (loop && firstReadInLoop && firstReadInLoop.identifier.range[0] < writtenAt) {
        // Read again only on the next turn of the loop: held across the rest of this turn and its start.
        held =
          suspendsBetween(fn, writtenAt, loop.range[1]) ||
          suspendsBetween(fn, loop.body.range[0], firstReadInLoop.identifier.range[0]);
      } else if (next) {
        held = suspendsBetween(fn, writtenAt, next.identifier.range[0]);
      }
      if (held) context.report({ node: write.identifier, messageId: 'heldAcrossAwait', data: { name: variable.name } });
    };

    return {
      AwaitExpression: note,
      YieldExpression: note,
      ForOfStatement(node) {
        if (node.await) note(node, [node.range[0], node.right.range[1]]);
      },
      'Program:exit'(program) {
        const scopes = [context.sourceCode.getScope(program)];
        while (scopes.length > 0) {
          const scope = scopes.pop();
          scopes.push(...scope.childScopes);
          for (const variable of scope.variables) {
            const references = [...variable.references].sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
            const reads = references.filter((reference) => reference.isRead());
            for (const write of references.filter((reference) => reference.isWrite()))
              checkWrite(variable, write, reads);
          }
        }
      },
    };
  },
};
