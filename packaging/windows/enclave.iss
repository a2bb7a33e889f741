; Inno Setup 6 script for Enclave on Windows (per-user install, no administrator rights).
;
; Build the app first, then the installer (packaging\build.py does both when iscc is on PATH):
;   py packaging\build.py
;   iscc /DAppVersion=0.1.0 /DRoot=C:\path\to\enclave packaging\windows\enclave.iss
; Output: dist\Enclave-<version>-setup.exe
;
; File associations add Enclave to "Open with" for .pdf .txt .md .markdown .docx; they never
; take over the user's default app. The uninstaller asks before deleting the user's data.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef Root
  #define Root "..\.."
#endif

[Setup]
AppId={{6C0E5B0C-3B8B-4C55-9B57-7E1C2F0A9E11}
AppName=Enclave
AppVersion={#AppVersion}
AppPublisher=Enclave
DefaultDirName={autopf}\Enclave
DefaultGroupName=Enclave
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=Enclave-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\enclave.ico
UninstallDisplayIcon={app}\Enclave.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\enclave\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Enclave"; Filename: "{app}\Enclave.exe"
Name: "{group}\Uninstall Enclave"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Enclave"; Filename: "{app}\Enclave.exe"; Tasks: desktopicon

[Registry]
; One ProgID, listed under OpenWithProgids of each extension: "Open with > Enclave".
Root: HKA; Subkey: "Software\Classes\Enclave.Document"; ValueType: string; ValueName: ""; ValueData: "Document for Enclave"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Enclave.Document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Enclave.exe,0"
Root: HKA; Subkey: "Software\Classes\Enclave.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Enclave.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "Enclave.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "Enclave.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "Enclave.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.markdown\OpenWithProgids"; ValueType: string; ValueName: "Enclave.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: string; ValueName: "Enclave.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\Enclave.exe\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\Enclave.exe\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\Enclave.exe\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\Enclave.exe\SupportedTypes"; ValueType: string; ValueName: ".markdown"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\Enclave.exe\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""

[Run]
Filename: "{app}\Enclave.exe"; Description: "{cm:LaunchProgram,Enclave}"; Flags: nowait postinstall skipifsilent

[Code]
// Enclave keeps its data (index, chat history, settings, cloud ledger) in %LOCALAPPDATA%\Enclave
// (platformdirs' user_data_dir). Removing the app keeps it unless the user says otherwise.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\Enclave');
    if DirExists(DataDir) and not UninstallSilent then
      if MsgBox('Also delete your Enclave data in ' + DataDir + #13#10 +
                '(document index, chat history, settings, cloud ledger)?',
                mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
