; Inno Setup 6.3+ script for MedVault: a per-machine install of the PyInstaller build.
;
; Build (from the repository root, after `pyinstaller --noconfirm --clean packaging\medvault.spec`):
;   iscc /DAppVersion=0.1.0 packaging\windows\medvault.iss
; The installer is written to dist\MedVault-<version>-setup.exe.
;
; Silent install for IT (see README.md next to this file):
;   MedVault-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /POLICY="\\server\it\medvault\policy.toml"
; /POLICY=path copies that file to %ProgramData%\MedVault\policy.toml, the machine policy.
;
; Signing (release builds): define a sign tool named "medvault" on the iscc command line,
;   iscc /DSign "/Smedvault=signtool.exe sign /fd SHA256 /tr http://timestamp.example /td SHA256 /f cert.pfx /p PASSWORD $f" ...
; Setup then signs medvault.exe and medvaultw.exe, the uninstaller and Setup itself,
; including the temporary copies Setup makes of itself, with a timestamp.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\medvault"
#endif
#define AppName "MedVault"
#define AppUserModelID "org.medvault.MedVault"

[Setup]
; AppId identifies MedVault to Windows across versions: never change it.
AppId={{6752F3B2-208F-4A0D-8990-DD28F68EAD17}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The MedVault developers
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\MedVault
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
; Per-machine only: one installation that every user of a shared workstation runs.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=MedVault-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\medvault.exe
; Ask a running MedVault to quit (Restart Manager) before its files are replaced; a silent
; upgrade does so without asking. Closing the window locks the vault and keeps drafts
; (encrypted). It is not restarted. See windows/README.md for what IT should add.
CloseApplications=yes
RestartApplications=no
LicenseFile=..\..\LICENSE
#ifdef Sign
SignTool=medvault
SignedUninstaller=yes
#endif
SetupLogging=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
#ifdef Sign
Source: "{#DistDir}\medvault.exe"; DestDir: "{app}"; Flags: ignoreversion signonce
Source: "{#DistDir}\medvaultw.exe"; DestDir: "{app}"; Flags: ignoreversion signonce
Source: "{#DistDir}\*"; Excludes: "\medvault.exe,\medvaultw.exe"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#else
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#endif
; The nightly backup script for Task Scheduler (windows\README.md).
Source: "medvault-backup.ps1"; DestDir: "{app}"; Flags: ignoreversion
; A commented copy of every policy key, for IT to start from.
Source: "..\policy-template.toml"; DestDir: "{app}"; Flags: ignoreversion

[Dirs]
; The policy folder stays when MedVault is uninstalled: it belongs to IT.
Name: "{commonappdata}\MedVault"; Flags: uninsneveruninstall

[Icons]
; medvaultw.exe is the same program without a console window; medvault.exe is for scripts.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\medvaultw.exe"; WorkingDir: "{app}"; AppUserModelID: "{#AppUserModelID}"; Comment: "Encrypted vault for health records"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\medvaultw.exe"; WorkingDir: "{app}"; AppUserModelID: "{#AppUserModelID}"; Tasks: desktopicon

[Run]
Filename: "{app}\medvaultw.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  PolicySource: String;

const
  MOVEFILE_REPLACE_EXISTING = $1;
  MOVEFILE_WRITE_THROUGH = $8;

function MoveFileEx(lpExistingFileName, lpNewFileName: String; dwFlags: Cardinal): Boolean;
  external 'MoveFileExW@kernel32.dll stdcall';

function PolicyDir(): String;
begin
  Result := ExpandConstant('{commonappdata}\MedVault');
end;

function PolicyFile(): String;
begin
  Result := PolicyDir() + '\policy.toml';
end;

{ Check /POLICY before anything is installed, so a typo in a deployment script fails
  the whole run (exit code 1) instead of installing MedVault without its policy. }
function InitializeSetup(): Boolean;
begin
  Result := True;
  PolicySource := ExpandConstant('{param:POLICY|}');
  if PolicySource = '' then
    Exit;
  PolicySource := ExpandFileName(PolicySource);
  if not FileExists(PolicySource) then
  begin
    Log('MedVault: the policy file given with /POLICY was not found: ' + PolicySource);
    SuppressibleMsgBox('The policy file given with /POLICY was not found:' + #13#10 +
      PolicySource + #13#10#13#10 + 'Nothing was installed.', mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

function RunIcacls(const Params: String): Boolean;
var
  ResultCode: Integer;
begin
  Log('MedVault: icacls ' + Params);
  Result := Exec(ExpandConstant('{sys}\icacls.exe'), Params, '', SW_HIDE,
    ewWaitUntilTerminated, ResultCode) and (ResultCode = 0);
  if not Result then
    Log('MedVault: icacls failed with code ' + IntToStr(ResultCode));
end;

{ By default every user may create files in a new folder under ProgramData. Left so, any
  user could put a weaker policy.toml where IT has not deployed one. Make the folder and
  anything already in it owned by Administrators, writable only by SYSTEM and
  Administrators, and readable by Users. SIDs, not names, so it works in every language. }
function LockDownPolicyDir(): Boolean;
var
  Dir: String;
begin
  Dir := AddQuotes(PolicyDir());
  Result := RunIcacls(Dir + ' /setowner *S-1-5-32-544 /T /C') and
    RunIcacls(Dir + ' /reset /T /C') and
    RunIcacls(Dir + ' /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX');
end;

{ Returns '' on success, else the reason, which makes Setup stop before it installs
  anything (exit code 7 in silent mode): a workstation must not get MedVault without the
  policy IT asked for, or with a policy folder that users can change. }
function DeployPolicy(): String;
begin
  Result := '';
  if not ForceDirectories(PolicyDir()) then
  begin
    Result := 'Could not create the policy folder ' + PolicyDir() + '.';
    Exit;
  end;
  if not LockDownPolicyDir() then
  begin
    Result := 'Could not restrict who may change ' + PolicyDir() +
      ' (icacls failed; see the Setup log).';
    Exit;
  end;
  if PolicySource = '' then
  begin
    if FileExists(PolicyFile()) then
      Log('MedVault: keeping the existing machine policy ' + PolicyFile())
    else
      Log('MedVault: no machine policy deployed; the built-in defaults apply');
    Exit;
  end;
  { Copy the new policy next to the old one first, then swap it in with one rename. The
    old file is never deleted before the new one is complete: a copy that fails (a share
    gone, a full disk) leaves the old policy in force, and no sign-in ever sees the folder
    without a policy. The copy inherits the folder's restricted permissions. }
  DeleteFile(PolicyFile() + '.new');
  if not FileCopy(PolicySource, PolicyFile() + '.new', False) then
  begin
    DeleteFile(PolicyFile() + '.new');
    Result := 'Could not copy ' + PolicySource + ' to ' + PolicyDir() +
      '; the previous policy is unchanged.';
    Exit;
  end;
  if MoveFileEx(PolicyFile() + '.new', PolicyFile(),
                MOVEFILE_REPLACE_EXISTING or MOVEFILE_WRITE_THROUGH) then
    Log('MedVault: deployed the machine policy from ' + PolicySource)
  else
  begin
    DeleteFile(PolicyFile() + '.new');
    Result := 'Could not replace ' + PolicyFile() + '; the previous policy is unchanged.';
  end;
end;

function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := DeployPolicy();
  if Result <> '' then
    Log('MedVault: ' + Result);
end;
