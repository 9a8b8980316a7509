import dev.backstop.jenkins.BackstopSteps

/*
 * backstopApply(plan: 'plan.tfplan', fingerprint: check.fingerprint, approvals: check.approvals)
 *
 * Applies a saved plan only if it is the plan backstopCheck checked and approved: checks it once more with
 * --expect-fingerprint and the recorded approvals, and runs `terraform apply -input=false PLAN` only on exit 0.
 * Any other outcome (another plan, an approval that no longer counts, a denial, an error) fails the build and
 * applies nothing. `json` names the plan's JSON to check instead of converting the binary plan with
 * `terraform show -json`; it must come from the same plan file. Returns [applied, fingerprint, approvedBy].
 */
Map call(Map args = [:]) {
    Map options
    try {
        options = BackstopSteps.options('backstopApply', args, BackstopSteps.APPLY_PARAMETERS, ['plan', 'fingerprint'])
    } catch (IllegalArgumentException e) {
        error(e.message)
    }
    String starter = BackstopSteps.starter(currentBuild.getBuildCauses(BackstopSteps.USER_CAUSE))
    List refused = BackstopSteps.refused(starter, options.author)
    String author = options.author ? options.author.toString() : starter
    String source = env.BUILD_URL ?: "${env.JOB_NAME} #${env.BUILD_NUMBER}".toString()
    List approvals
    try {
        approvals = BackstopSteps.approvals(options.approvals)
    } catch (IllegalArgumentException e) {
        error(e.message)
    }
    String self = BackstopSteps.refusedApprover(approvals, refused)
    if (self != null) {
        error("backstopApply: ${self} started this build or wrote its plan, and may not approve it; nothing was applied")
    }

    Map checked = [plan: options.json ?: options.plan, policy: options.policy, workspace: options.workspace,
            auditLog: options.auditLog]
    List arguments = BackstopSteps.checkArguments(checked, BackstopSteps.APPLY_REPORT_JSON, [], author,
            options.fingerprint.toString(), approvals, source)
    String script = BackstopSteps.removing([BackstopSteps.APPLY_REPORT_JSON]) +
            BackstopSteps.command(options.cli, arguments)
    int code = sh(script: script, returnStatus: true, label: 'backstop check before apply')
    Map report = fileExists(BackstopSteps.APPLY_REPORT_JSON) ?
            BackstopSteps.report(readFile(BackstopSteps.APPLY_REPORT_JSON)) : [:]
    if (code != 0 || report.fingerprint != options.fingerprint) {
        error(BackstopSteps.failure('backstopApply', report, code) + '; nothing was applied')
    }
    echo "backstopApply: plan ${report.fingerprint} is the approved plan; applying it"
    sh(script: "${options.terraform} apply -input=false ${BackstopSteps.quote(options.plan)}".toString(),
            label: 'terraform apply')
    return [applied: true, fingerprint: report.fingerprint, approvedBy: new ArrayList(report.accepted ?: [])]
}
