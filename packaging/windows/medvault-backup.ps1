# Nightly MedVault backup for Windows Task Scheduler (see packaging\windows\README.md).
#
# One-time set-up, as the service account that will run the task (for example
# PRACTICE\svc-medvault), store the password of a MedVault account with the backup role
# (medvault user add ... --role backup: it may only back up, verify and run the health
# check, and needs no authenticator unless the policy names it) encrypted with Windows
# DPAPI, so only this Windows account on this computer can read it:
#   Read-Host -AsSecureString "MedVault password" | ConvertFrom-SecureString |
#       Set-Content "$env:ProgramData\MedVault\backup.password"
# then register the task (as an administrator):
#   $action = New-ScheduledTaskAction -Execute "powershell.exe" -Argument `
#       '-NoProfile -ExecutionPolicy Bypass -File "C:\Program Files\MedVault\medvault-backup.ps1" -Vault "D:\MedVault\practice" -BackupDir "E:\MedVault-backups" -User nightly'
#   $trigger = New-ScheduledTaskTrigger -Daily -At 2:30am
#   Register-ScheduledTask -TaskName "MedVault backup" -Action $action -Trigger $trigger `
#       -User "PRACTICE\svc-medvault" -Password (Read-Host "Windows password") -RunLevel Limited
#
# Output: one log file per run in %ProgramData%\MedVault\logs (30 kept); the task's
# "Last Run Result" is medvault's exit code (0 success; see the IT guide for the others).
param(
    [Parameter(Mandatory = $true)] [string] $Vault,
    [Parameter(Mandatory = $true)] [string] $BackupDir,
    [Parameter(Mandatory = $true)] [string] $User,
    [string] $PasswordFile = "$env:ProgramData\MedVault\backup.password",
    [string] $Medvault = "$env:ProgramFiles\MedVault\medvault.exe"
)
$ErrorActionPreference = "Stop"
$logs = Join-Path $env:ProgramData "MedVault\logs"
New-Item -ItemType Directory -Force -Path $logs | Out-Null
$log = Join-Path $logs ("backup-{0:yyyyMMdd-HHmmss}.log" -f (Get-Date))

$secure = Get-Content $PasswordFile | ConvertTo-SecureString
$plain = [Runtime.InteropServices.Marshal]::PtrToStringBSTR(
    [Runtime.InteropServices.Marshal]::SecureStringToBSTR($secure))
try {
    # The password goes through standard input only: never on the command line.
    $plain | & $Medvault backup $Vault --as $User --to $BackupDir --json --password-stdin *>> $log
    $code = $LASTEXITCODE
} finally {
    $plain = $null
}
Get-ChildItem $logs -Filter "backup-*.log" | Sort-Object Name -Descending |
    Select-Object -Skip 30 | Remove-Item
exit $code
