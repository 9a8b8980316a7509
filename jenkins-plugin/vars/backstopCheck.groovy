import dev.backstop.jenkins.BackstopSteps

/*
 * backstopCheck(plan: 'plan.json', approvers: 'ops-leads', policy: '.backstop.yml', cli: '/opt/backstop/bin/backstop')
 *
 * Checks a Terraform/OpenTofu plan with the backstop CLI and publishes the reports. When the plan needs approval
 * (exit 3), the build pauses on an input step that only `approvers` may submit; the submitter is recorded, the plan
 * is checked again with that approval bound to its fingerprint (and appended to the audit log), and the build goes
 * on once the policy's approvers are complete. The user who started the build (and `author`, if given) may never
 * approve: their submission fails the build. A denied plan (exit 4), an error (exit 1) or any other exit code fails
 * the build. Returns [verdict, exitCode, fingerprint, approved, approvedBy, approvals, reports]; pass fingerprint
 * and approvals to backstopApply. See jenkins-plugin/README.md.
 */
Map call(Map args = [:]) {
    Map options
    try {
        options = BackstopSteps.options('backstopCheck', args, BackstopSteps.CHECK_PARAMETERS, ['plan', 'approvers'])
    } catch (IllegalArgumentException e) {
        error(e.message)
    }
    String starter = BackstopSteps.starter(currentBuild.getBuildCauses(BackstopSteps.USER_CAUSE))
    List refused = BackstopSteps.refused(starter, options.author)
    String author = options.author ? options.author.toString() : starter
    String source = env.BUILD_URL ?: "${env.JOB_NAME} #${env.BUILD_NUMBER}".toString()

    List approvals = []
    Map report = backstop(options, author, null, approvals, source)
    publish(options)
    String fingerprint = report.fingerprint
    while (report.exitCode == 3 && fingerprint) {
        def answer = input(id: BackstopSteps.INPUT_ID, message: BackstopSteps.approvalMessage(report, refused),
                ok: 'Approve this plan', submitter: options.approvers.toString(),
                submitterParameter: 'BACKSTOP_APPROVER')
        String approver = BackstopSteps.submitter(answer, 'BACKSTOP_APPROVER')
        if (approver == null) {
            error('backstopCheck: the input step did not say who approved; nothing was approved')
        }
        if (BackstopSteps.isRefused(approver, refused)) {
            error("backstopCheck: ${approver} started this build or wrote its plan, and may not approve it; " +
                    'nothing was approved: someone else must approve the plan in a new build')
        }
        approvals << [principal: BackstopSteps.principal(approver), at: BackstopSteps.now()]
        echo "backstopCheck: ${approver} approved plan ${fingerprint}; checking it again with the approval"
        report = backstop(options, author, fingerprint, approvals, source)
        archive(options)
        if (report.fingerprint != fingerprint) {
            error("backstopCheck: the plan changed while it waited for approval (now ${report.fingerprint}, " +
                    "approved ${fingerprint}); nothing was approved")
        }
    }
    if (report.exitCode != 0) {
        error(BackstopSteps.failure('backstopCheck', report, report.exitCode as int))
    }
    return BackstopSteps.result(report, approvals)
}

/** Runs `backstop check` once; returns what its JSON report says, with the exit code. */
private Map backstop(Map options, String author, String expected, List approvals, String source) {
    List reports = BackstopSteps.checkReports()
    List arguments = BackstopSteps.checkArguments(options, BackstopSteps.REPORT_JSON, reports, author, expected,
            approvals, source)
    String script = BackstopSteps.removing(BackstopSteps.reportFiles()) + BackstopSteps.command(options.cli, arguments)
    int code = sh(script: script, returnStatus: true, label: 'backstop check')
    Map report = fileExists(BackstopSteps.REPORT_JSON) ? BackstopSteps.report(readFile(BackstopSteps.REPORT_JSON)) : [:]
    report.exitCode = code
    return report
}

/** The reports, for the build's artifacts, warnings-ng's issues view and the test results. */
private void publish(Map options) {
    archive(options)
    if (options.publish) {
        recordIssues(tools: [issues(pattern: BackstopSteps.REPORT_NATIVE, id: 'backstop', name: 'Backstop')])
        // Findings that need sign-off are failing test cases; the verdict, not the test count, decides the build.
        junit(testResults: BackstopSteps.REPORT_JUNIT, allowEmptyResults: true, skipMarkingBuildUnstable: true)
    }
}

private void archive(Map options) {
    archiveArtifacts(artifacts: BackstopSteps.artifacts(options.auditLog), allowEmptyArchive: true)
}
