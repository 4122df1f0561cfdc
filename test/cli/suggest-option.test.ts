import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../source/cli/parse-options.js';
import { suggestOptions } from '../../source/cli/suggest-option.js';
import { UsageError } from '../../source/cli/usage-error.js';

const known = ['--mode', '--hosts', '--datanodes', '--computenodes', '--controllers', '--deploy-dir'];

describe('suggestOptions', () => {
  it.each([
    ['--datanode', ['--datanodes']],
    ['--host', ['--hosts']],
    ['--modes', ['--mode']],
    ['--datanodse', ['--datanodes']],
    ['--contollers', ['--controllers']],
    ['--depoy-dir', ['--deploy-dir']],
    ['--HOSTS', ['--hosts']],
    ['--comp', ['--computenodes']],
  ])('%s → %j', (typed, expected) => {
    expect(suggestOptions(typed, known)).toEqual(expected);
  });

  it.each(['--verbose', '--co', '--d', '--'])('%s has no suggestion', (typed) => {
    expect(suggestOptions(typed, known)).toEqual([]);
  });

  it('lists every option equally near', () => {
    expect(suggestOptions('--nod', ['--node', '--nods', '--mode'])).toEqual(['--node', '--nods']);
  });
});

describe('parseOptions', () => {
  const options = { datanodes: { type: 'string' }, file: { type: 'string', short: 'f' } } as const;
  const failure = (argv: string[]) => {
    try {
      parseOptions('template', options, argv);
    } catch (cause) {
      expect(cause).toBeInstanceOf(UsageError);
      return (cause as Error).message;
    }
    throw new Error(`${argv.join(' ')} was accepted`);
  };

  it('an unknown option one letter from a known one gets "did you mean"', () => {
    expect(failure(['--datanode', '3'])).toBe(
      "unknown option '--datanode': did you mean --datanodes? (see `ddb-setup template --help`)",
    );
    expect(failure(['--datanode=3'])).toContain('did you mean --datanodes?');
  });

  it('an option like no known one says only where the options are listed', () => {
    expect(failure(['--verbose'])).toBe("unknown option '--verbose' (see `ddb-setup template --help`)");
    expect(failure(['-x'])).toBe("unknown option '-x' (see `ddb-setup template --help`)");
  });
});
