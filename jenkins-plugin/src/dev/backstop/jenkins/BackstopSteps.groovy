package dev.backstop.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic

/**
 * What backstopCheck and backstopApply share, as plain functions: argument checks, the command line (every
 * argument shell-quoted), reading the CLI's JSON report, and the text of the approval prompt. No Pipeline steps are
 * called here; the steps in vars/ do that. Everything returned is a plain map or list, so a paused build can be
 * saved and resumed.
 */
class BackstopSteps {
    /** The reports backstopCheck writes into the workspace. */
    static final String REPORT_JSON = 'backstop-report.json'
    static final String REPORT_NATIVE = 'backstop-issues.json'
    static final String REPORT_JUNIT = 'TEST-backstop.xml'
    static final String REPORT_MARKDOWN = 'backstop.md'
    static final String REPORT_TEXT = 'backstop.txt'
    /** The report backstopApply writes for the check just before apply. */
    static final String APPLY_REPORT_JSON = 'backstop-apply-report.json'

    /** The id of the input step, and the channel approvals given through it are recorded under. */
    static final String INPUT_ID = 'BackstopApproval'
    static final String CHANNEL = 'jenkins-input'

    /** The build cause Jenkins records when a person starts a build. */
    static final String USER_CAUSE = 'hudson.model.Cause$UserIdCause'

    /** Parameters each step takes, with their defaults (null: no default). */
    static final Map CHECK_PARAMETERS = [plan: null, approvers: null, policy: null, cli: 'backstop',
            auditLog: 'backstop-audit.jsonl', configDir: null, workspace: null, author: null, publish: true]
    static final Map APPLY_PARAMETERS = [plan: null, fingerprint: null, json: null, approvals: [], policy: null,
            cli: 'backstop', auditLog: 'backstop-audit.jsonl', workspace: null, author: null,
            terraform: 'terraform']

    /**
     * The step's arguments with defaults filled in, or throws IllegalArgumentException naming what is wrong: an
     * unknown name (a typo must not silently drop an option) or a missing required one.
     */
    @NonCPS
    static Map options(String step, Map args, Map parameters, List required) {
        List unknown = (args ?: [:]).keySet().findAll { !parameters.containsKey(it) }.collect { it.toString() }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("${step}: unknown parameter${unknown.size() == 1 ? '' : 's'} "
                    + "${unknown.join(', ')} (known: ${parameters.keySet().join(', ')})")
        }
        Map options = new LinkedHashMap(parameters)
        (args ?: [:]).each { key, value -> options[key] = value }
        List missing = required.findAll { options[it] == null || options[it].toString().trim().isEmpty() }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("${step}: ${missing.join(' and ')} ${missing.size() == 1 ? 'is' : 'are'}"
                    + ' required, e.g. ' + example(step))
        }
        return options
    }

    @NonCPS
    private static String example(String step) {
        return step == 'backstopCheck'
                ? "backstopCheck(plan: 'plan.json', approvers: 'ops-leads')"
                : "backstopApply(plan: 'plan.tfplan', fingerprint: check.fingerprint, approvals: check.approvals)"
    }

    /** One argument for a POSIX shell: single-quoted, with embedded single quotes closed, escaped and reopened. */
    @NonCPS
    static String quote(Object argument) {
        return "'" + argument.toString().replace("'", "'\\''") + "'"
    }

    /** The command to run: the configured CLI (a command, not quoted: 'java -jar backstop.jar') and quoted arguments. */
    @NonCPS
    static String command(String cli, List arguments) {
        return ([cli] + arguments.collect { quote(it) }).join(' ')
    }

    /**
     * The arguments of one `backstop check` run: the plan, the policy, the reports, the audit log, the author, and
     * the approvals vouched for so far with the fingerprint they were given for.
     */
    @NonCPS
    static List checkArguments(Map options, String jsonReport, List reports, String author, String expected,
            List approvals, String source) {
        List arguments = ['check', options.plan, '--format', 'text', '--report', "json=${jsonReport}".toString()]
        reports.each { arguments.addAll(['--report', it]) }
        if (options.policy) {
            arguments.addAll(['--policy', options.policy])
        }
        if (options.workspace) {
            arguments.addAll(['--workspace', options.workspace])
        }
        if (options.configDir) {
            arguments.addAll(['--config-dir', options.configDir])
        }
        if (options.auditLog) {
            arguments.addAll(['--audit-log', options.auditLog])
        }
        if (author) {
            arguments.addAll(['--author', principal(author)])
        }
        if (expected) {
            arguments.addAll(['--expect-fingerprint', expected])
        }
        if (approvals) {
            approvals.each { arguments.addAll(['--vouched-approval', it.principal, '--vouched-at', it.at]) }
            arguments.addAll(['--vouched-by', CHANNEL, '--vouched-source', source ?: CHANNEL])
        }
        return arguments.collect { it.toString() }
    }

    /** The reports backstopCheck writes besides JSON, as --report values. */
    @NonCPS
    static List checkReports() {
        return ["native=${REPORT_NATIVE}", "junit=${REPORT_JUNIT}", "markdown=${REPORT_MARKDOWN}",
                "text=${REPORT_TEXT}"].collect { it.toString() }
    }

    /** Every report file backstopCheck writes. */
    @NonCPS
    static List reportFiles() {
        return [REPORT_JSON, REPORT_NATIVE, REPORT_JUNIT, REPORT_MARKDOWN, REPORT_TEXT]
    }

    /**
     * A shell prefix that removes the files first, so a run that writes no report (the CLI is missing, say) is never
     * read from an earlier run's files.
     */
    @NonCPS
    static String removing(List files) {
        return 'rm -f ' + files.collect { quote(it) }.join(' ') + ' && '
    }

    /** The archiveArtifacts pattern: the reports, and the audit log when it lies in the workspace. */
    @NonCPS
    static String artifacts(Object auditLog) {
        List patterns = new ArrayList(reportFiles())
        String log = auditLog ? auditLog.toString() : null
        if (log && !log.startsWith('/') && !log.contains('..') && !log.contains(',')) {
            patterns << log
        }
        return patterns.join(',')
    }

    /** How a Jenkins user id is named in the policy and the audit log. */
    @NonCPS
    static String principal(String userId) {
        return 'jenkins:' + userId
    }

    /**
     * The user who started the build, from {@code currentBuild.getBuildCauses('hudson.model.Cause$UserIdCause')}
     * (a list of maps with {@code userId}); null when no person started it (a timer, an SCM push, an upstream job).
     */
    @NonCPS
    static String starter(Object userCauses) {
        for (Object cause : (userCauses ?: [])) {
            Object id = cause instanceof Map ? cause.get('userId') : null
            if (id != null && !id.toString().trim().isEmpty()) {
                return id.toString()
            }
        }
        return null
    }

    /**
     * The Jenkins user ids that may not approve: whoever started the build and the plan's author if named. Compared
     * without regard to case, as Jenkins compares user ids by default.
     */
    @NonCPS
    static List refused(String starter, Object author) {
        List ids = []
        [starter, author].each { if (it != null && !it.toString().trim().isEmpty()) { ids << it.toString() } }
        return ids.unique { it.toLowerCase(Locale.ROOT) }
    }

    @NonCPS
    static boolean isRefused(String userId, List refused) {
        return refused.any { it.equalsIgnoreCase(userId) }
    }

    /** What the input step returned: with only submitterParameter set, the submitter's id; in a map, its entry. */
    @NonCPS
    static String submitter(Object returned, String parameter) {
        Object id = returned instanceof Map ? returned.get(parameter) : returned
        if (id == null || id.toString().trim().isEmpty()) {
            return null
        }
        return id.toString()
    }

    /**
     * The approvals backstopCheck returned, checked for shape: a list of maps with a principal and the time it was
     * given. Anything else throws IllegalArgumentException.
     */
    @NonCPS
    static List approvals(Object given) {
        List approvals = []
        for (Object approval : (given ?: [])) {
            if (!(approval instanceof Map) || !approval.principal || !approval.at) {
                throw new IllegalArgumentException('backstopApply: approvals must be what backstopCheck returned'
                        + " ([principal: 'jenkins:USER', at: TIME] each), not ${approval}")
            }
            approvals << [principal: approval.principal.toString(), at: approval.at.toString()]
        }
        return approvals
    }

    /** The user id of the first approval given by someone who may not approve, or null. */
    @NonCPS
    static String refusedApprover(List approvals, List refused) {
        for (Map approval : approvals) {
            String id = approval.principal.startsWith('jenkins:') ? approval.principal.substring(8) : null
            if (id != null && isRefused(id, refused)) {
                return id
            }
        }
        return null
    }

    /** Now, as the CLI's --vouched-at reads it. */
    @NonCPS
    static String now() {
        return java.time.Instant.now().toString()
    }

    /**
     * The parts of the CLI's JSON report (schema backstop/report/v1) the steps use, as plain maps and lists:
     * verdict, exitCode, fingerprint, error, blocking findings, unmet requirements, accepted and rejected approvals.
     */
    @NonCPS
    static Map report(String json) {
        Map parsed = new JsonSlurperClassic().parseText(json) as Map
        Map report = [verdict: parsed.verdict, exitCode: parsed.exit_code, fingerprint: parsed.fingerprint,
                error: parsed.error, notes: parsed.notes ?: [], blocking: [], missing: [], accepted: [],
                rejected: []]
        (parsed.findings ?: []).findAll { it.blocking }.each {
            report.blocking << [severity: it.severity, rule: it.rule, address: it.address, denied: it.denied,
                    actions: (it.actions ?: []).join(', ')]
        }
        Map approvals = parsed.approvals ?: [:]
        (approvals.requirements ?: []).findAll { !it.met }.each { requirement ->
            List by = requirement.approved_by ?: []
            report.missing << "${requirement.severity} findings${requirement.environment ? " (${requirement.environment})" : ''}".toString() +
                    " need ${requirement.needed} distinct approver${requirement.needed == 1 ? '' : 's'}" +
                    "${requirement.from ? ' from ' + requirement.from.join(' or ') : ''}; " +
                    (by ? "${by.size()} so far: ${by.join(', ')}" : 'none so far')
        }
        (approvals.accepted ?: []).each { report.accepted << it.principal }
        (approvals.rejected ?: []).each { report.rejected << "${it.principal ?: it.source}: ${it.reason}".toString() }
        return report
    }

    /** The text of the approval prompt: what is being approved, exactly which plan, and who may not approve it. */
    @NonCPS
    static String approvalMessage(Map report, List refused, int maxFindings = 20) {
        StringBuilder text = new StringBuilder()
        text << 'Backstop: this plan needs an authorised approval before it may be applied.\n\n'
        text << "Plan fingerprint: ${report.fingerprint}\n"
        List blocking = report.blocking ?: []
        text << "Blocking findings (${blocking.size()}):\n"
        blocking.take(maxFindings).each {
            text << "  ${it.severity.toString().toUpperCase(Locale.ROOT)} ${it.actions} ${it.address} (${it.rule})\n"
        }
        if (blocking.size() > maxFindings) {
            text << "  ... and ${blocking.size() - maxFindings} more: see ${REPORT_MARKDOWN} or the Backstop warnings\n"
        }
        (report.notes ?: []).each { text << "Note: ${it}\n" }
        (report.missing ?: []).each { text << "Still needed: ${it}\n" }
        (report.rejected ?: []).each { text << "Not counted: ${it}\n" }
        text << '\nApproving approves exactly this plan (its fingerprint); a changed plan needs a new approval.'
        if (refused) {
            text << " ${refused.join(' and ')} may not approve it (started the build or wrote the plan)."
        }
        text << ' If the policy needs more approvers, the next one is asked after you.'
        return text.toString()
    }

    /** The result a step returns: plain values only. */
    @NonCPS
    static Map result(Map report, List approvals) {
        List accepted = report.accepted ?: []
        List counted = []
        approvals.each { approval ->
            if (accepted.contains(approval.principal) && !counted.any { it.principal == approval.principal }) {
                counted << new LinkedHashMap(approval)
            }
        }
        return [verdict: report.verdict, exitCode: report.exitCode, fingerprint: report.fingerprint,
                approved: report.exitCode == 0 && !accepted.isEmpty(), approvedBy: new ArrayList(accepted),
                approvals: counted, reports: reportFiles()]
    }

    /** Why a check that did not allow the plan fails the build, in one line. */
    @NonCPS
    static String failure(String step, Map report, int code) {
        switch (code) {
            case 4:
                return "${step}: Backstop denies this plan (exit 4): the policy forbids " +
                        "${(report.blocking ?: []).findAll { it.denied }.collect { it.address }.join(', ') ?: 'it'}; " +
                        'no approval overrides a denial: change the Terraform code'
            case 3:
                return "${step}: the plan still needs approval (exit 3)" +
                        ((report.notes ?: []) ? ": ${report.notes.join('; ')}" : '') +
                        ((report.missing ?: []) ? "; still needed: ${report.missing.join('; ')}" : '')
            case 0:
                return "${step}: the check wrote no report for the expected plan; nothing was decided, never apply"
            case 2:
                return "${step}: backstop was called wrongly (exit 2, usage): see the log"
            case 1:
                return "${step}: Backstop could not check the plan (exit 1)" +
                        (report.error ? ": ${report.error}" : ': see the log') + '; nothing was decided, never apply'
            default:
                return "${step}: backstop failed with exit code ${code}" + (report.error ? ": ${report.error}" : '') +
                        ' (is the cli parameter right?); nothing was decided, never apply'
        }
    }
}
