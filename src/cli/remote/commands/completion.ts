// `tessera completion bash|zsh|fish`: a completion script made from the command tree itself, so it
// never goes stale when a command or option is added.
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

interface Node {
  readonly path: string[];
  readonly subcommands: string[];
  readonly options: string[];
}

function nodesOf(command: Command, path: string[] = []): Node[] {
  const visible = command.commands.filter((sub) => sub.name() !== 'help');
  const node: Node = {
    path,
    subcommands: visible.map((sub) => sub.name()),
    options: command.options
      .map((option) => option.long)
      .filter((long): long is string => long !== undefined),
  };
  return [node, ...visible.flatMap((sub) => nodesOf(sub, [...path, sub.name()]))];
}

function bash(nodes: Node[]): string {
  const cases = nodes
    .map(
      (node) =>
        `    "${node.path.join(' ')}") words="${[...node.subcommands, ...node.options, '--help'].join(' ')}" ;;`,
    )
    .join('\n');
  return `# tessera completion for bash: eval "$(tessera completion bash)"
_tessera() {
  local cur path="" word words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in -*) ;; *) path="\${path:+$path }$word" ;; esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _tessera tessera
`;
}

function zsh(nodes: Node[]): string {
  return `#compdef tessera
# tessera completion for zsh: eval "$(tessera completion zsh)"
autoload -U +X bashcompinit && bashcompinit
${bash(nodes).replace(/^# .*\n/, '')}`;
}

function fish(nodes: Node[]): string {
  const lines = ['# tessera completion for fish: tessera completion fish | source', 'complete -c tessera -f'];
  for (const node of nodes) {
    const condition =
      node.path.length === 0
        ? '__fish_use_subcommand'
        : `__fish_seen_subcommand_from ${node.path[node.path.length - 1]}`;
    for (const sub of node.subcommands) lines.push(`complete -c tessera -n '${condition}' -a ${sub}`);
    for (const option of node.options)
      lines.push(`complete -c tessera -n '${condition}' -l ${option.replace(/^--/, '')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh or fish)')
    .helpGroup('Operations:')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      '\nExamples:\n  eval "$(tessera completion bash)"\n  tessera completion fish | source',
    )
    .action((shell: string) => {
      const nodes = nodesOf(program);
      const scripts: Record<string, (nodes: Node[]) => string> = { bash, zsh, fish };
      const script = scripts[shell];
      if (script === undefined)
        throw new UsageError(`completion: unknown shell "${shell}"; use bash, zsh or fish`);
      process.stdout.write(script(nodes));
    });
}
